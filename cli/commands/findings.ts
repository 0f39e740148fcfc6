/**
 * `disclosure findings dismiss ID --why TEXT`, `findings confirm ID [--why TEXT]`, `findings unmark ID`,
 * `findings marks`: an auditor's marks on findings, by the stable id that `check --json`, `export findings`
 * and the HTML report show. A mark outlives `reprocess` and new versions of the report for as long as the
 * same places still disagree (the id is the rule, the report's unit/year/kind/scope and the places).
 */
import { findingMarks, findingsOfKey, markFinding, unmarkFinding } from '../../loaders/warehouse/finding-marks.ts';
import { UsageError, parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { withWarehouse } from '../session.ts';

const usage = `Usage: disclosure findings dismiss ID --why TEXT [--db URL]
       disclosure findings confirm ID [--why TEXT] [--db URL]
       disclosure findings unmark ID [--db URL]
       disclosure findings marks [--db URL]

Marks a finding, by its id (f-… as shown by \`check --json\`, \`export findings\` and the HTML report), as
dismissed (not a problem of the report; --why is required) or confirmed. The mark is stored in the
warehouse by the finding's id, which is derived from its rule, the report (unit, year, kind, scope) and the
places involved: it survives \`reprocess\` and new versions of the report where the same places still
disagree, and shows in \`export findings\` (column mark) and the HTML report. \`marks\` lists every mark.`;

const ID = /^f-[0-9a-f]{16}$/;

export const command: Command = {
  summary: 'Dismiss or confirm a finding by its id (marks survive reprocess and new versions)',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' }, why: { type: 'string' } });
    const [action, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (action === 'marks') {
      if (id !== undefined) throw new UsageError('findings marks takes no id');
      return withWarehouse(values.db, {}, async (warehouse) => {
        const marks = await findingMarks(warehouse.db);
        if (marks.size === 0) process.stdout.write('no finding is marked\n');
        for (const m of marks.values()) process.stdout.write(`${m.findingKey}  ${m.mark.padEnd(9)}  ${m.markedAt}  ${m.why ?? ''}\n`);
        return EXIT.ok;
      });
    }
    if (action !== 'dismiss' && action !== 'confirm' && action !== 'unmark') throw new UsageError('give dismiss, confirm, unmark or marks');
    if (id === undefined || !ID.test(id)) throw new UsageError(`give the finding id (f- and 16 hex digits)${id ? `, not ${id}` : ''}`);
    const why = values.why?.trim() || null;
    if (action === 'dismiss' && why === null) throw new UsageError('dismiss needs --why: say why the finding is not a problem of the report');
    return withWarehouse(values.db, { lock: true, command: ['findings', ...args].join(' ') }, async (warehouse) => {
      if (action === 'unmark') {
        const removed = await unmarkFinding(warehouse.db, id);
        process.stdout.write(removed ? `${id}: mark removed\n` : `${id}: was not marked\n`);
        return EXIT.ok;
      }
      const stored = await findingsOfKey(warehouse.db, id);
      await markFinding(warehouse.db, id, action === 'dismiss' ? 'dismissed' : 'confirmed', why);
      const about = stored[0] ? ` (${stored[0].severity ?? ''} ${stored[0].rule_id}: ${stored[0].message ?? ''})` : ' (no stored finding has this id yet: the mark applies when it appears)';
      process.stdout.write(`${id}: ${action === 'dismiss' ? 'dismissed' : 'confirmed'}${about}\n`);
      return EXIT.ok;
    });
  },
};
