/** `disclosure units [list] | merge INTO FROM | split ALIAS | hints FILE`: the unit registry, corrected by hand. */
import { readFile } from 'node:fs/promises';
import { formatMessage } from '../../core/messages.ts';
import { badInput } from '../../core/errors.ts';
import { findUnit, listUnits, mergeUnits, readHints, saveHints, splitAlias } from '../../loaders/warehouse/registry.ts';
import { hintFor, parseHints } from '../../transforms/identity/hints.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { formatReprocessEvent, reprocess } from '../../pipelines/reprocess.ts';
import { withWarehouse } from '../session.ts';

const usage = `Usage: disclosure units [list] [--json] [--db URL]
       disclosure units merge INTO FROM [--db URL]
       disclosure units split ALIAS [--db URL]
       disclosure units hints FILE [--db URL]

The unit registry: every printed spelling of a unit resolved to one unit, with the evidence and
confidence of each (printed; canonical form, e.g. 中国共产党江苏省委员会办公厅 = 中共江苏省委办公厅 = 江苏省委办公厅;
without its region prefix; merged or split by hand).

  list          units with their aliases, evidence and number of current reports
  merge A B     unit B (id or any spelling) becomes part of unit A: its spellings and reports move
  split ALIAS   the spelling ALIAS leaves its unit for a unit of its own, with the reports that print it
  hints FILE    store identity hints and apply them to the files they match (reprocessed at once). FILE is
                CSV with a header pattern,unit,year,kind,scope (year, kind, scope may be empty) or a JSON
                array of such objects; a pattern is a glob on the file's path (江苏省人民检察院/**, */*模板*.pdf)

Merges, splits and hints are kept in the warehouse: \`disclosure reprocess\` and later ingests apply them.`;

export const command: Command = {
  summary: 'List, merge and split units; apply identity hints per folder or file pattern',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' }, json: { type: 'boolean' } });
    const [action = 'list', ...rest] = positionals;
    const want = (n: number, what: string) => {
      if (rest.length !== n) throw new UsageError(`units ${action} takes ${what}`);
    };
    if (action === 'list') want(0, 'no arguments');
    else if (action === 'merge') want(2, 'two units: INTO FROM');
    else if (action === 'split' || action === 'hints') want(1, action === 'split' ? 'one ALIAS' : 'one FILE');
    else throw new UsageError(`unknown action '${action}' (list, merge, split or hints)`);
    return withWarehouse(values.db, { lock: action !== 'list', command: ['units', ...args].join(' ') }, async (warehouse) => {
      const { db } = warehouse;
      if (action === 'list') {
        const units = await listUnits(db);
        if (values.json) {
          process.stdout.write(JSON.stringify(units, null, 2) + '\n');
          return EXIT.ok;
        }
        const lines = units.flatMap((u) => [
          `#${u.id} ${u.name}${u.code ? ` (code ${u.code})` : ''}: ${u.reports} current reports`,
          ...u.aliases.map((a) => `    ${a.alias}  [${a.confidence ?? '?'}] ${a.evidence ?? ''}`),
        ]);
        process.stdout.write((lines.length > 0 ? lines.join('\n') : 'no units in the warehouse yet') + '\n');
        return EXIT.ok;
      }
      if (action === 'merge') {
        const [into, from] = await Promise.all(rest.map((r) => findUnit(db, r)));
        const unknown = rest.filter((_, i) => [into, from][i] === null);
        if (unknown.length > 0) throw new UsageError(`no unit is known as ${unknown.map((u) => `'${u}'`).join(' or ')} (see \`disclosure units list\`)`);
        await mergeUnits(db, into!, from!);
        process.stdout.write(`unit #${from} merged into #${into}\n`);
        return EXIT.ok;
      }
      if (action === 'split') {
        const id = await splitAlias(db, rest[0]!);
        if (id === null) throw new UsageError(`no unit has the spelling '${rest[0]}' (see \`disclosure units list\`)`);
        process.stdout.write(`'${rest[0]}' is now unit #${id}\n`);
        return EXIT.ok;
      }
      const file = rest[0]!;
      const text = await readFile(file, 'utf8').catch((e: unknown) => {
        throw badInput('hints/unreadable', file, e instanceof Error ? e.message : String(e));
      });
      let parsed;
      try {
        parsed = parseHints(text, file);
      } catch (e) {
        throw badInput('hints/unreadable', file, `not CSV or a JSON array of hints: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const m of parsed.messages) process.stderr.write(formatMessage(m) + '\n');
      await saveHints(db, parsed.value);
      const all = await readHints(db);
      process.stdout.write(`${parsed.value.length} hints stored (${all.length} in all); applying them:\n`);
      const { counts } = await reprocess({
        warehouse, filter: {}, args: ['units', 'hints', file],
        only: (ref) => ref.path !== null && hintFor(parsed.value, ref.path) !== null,
        onReport: (e) => process.stdout.write(formatReprocessEvent(e) + '\n'),
      });
      process.stdout.write(`${counts.reports} files matched; ${counts.failed} failed\n`);
      return counts.failed > 0 ? EXIT.someFilesFailed : EXIT.ok;
    });
  },
};
