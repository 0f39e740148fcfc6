import { describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { pgArrayLiteral, pgInline } from '../../loaders/engines/postgres/literals.ts';
import { loadReport } from '../../loaders/warehouse/load.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { ENGINES } from '../helpers/engines.ts';
import { makeDocument, makeReport } from '../helpers/reports.ts';

const AWKWARD = ['plain', '', 'NULL', 'say "hi"', 'back\\slash', '\\"', '{a,b}', 'a, b', ' padded ', 'line\nbreak', '{"block":3,"row":2}', '合计（万元）'];

describe('PostgreSQL array literals of the column-array inserts', () => {
  it('quotes every string, escapes only quotes and backslashes, and writes NULL for null', () => {
    expect(pgArrayLiteral(['a', null, 'say "hi"', 'x\\y', 12, 9223372036854775807n, true])).toBe(
      '{"a",NULL,"say \\"hi\\"","x\\\\y",12,9223372036854775807,true}',
    );
    expect(pgArrayLiteral([])).toBe('{}');
  });

  it('refuses values that are not scalars', () => {
    expect(() => pgArrayLiteral([{ a: 1 }])).toThrow(TypeError);
    expect(() => pgInline('select $1', [{ a: 1 }])).toThrow(TypeError);
  });

  for (const engine of ENGINES.filter((e) => e.name === 'postgres')) {
    it('reads back on the server exactly as written, text, int8 and nulls alike', async () => {
      const wh = await engine.open();
      try {
        const text = await sql<{ v: string | null }>`select unnest(${pgArrayLiteral([...AWKWARD, null])}::text[]) as v`.execute(wh.db);
        expect(text.rows.map((r) => r.v)).toEqual([...AWKWARD, null]);
        const big = await sql<{ v: bigint | null }>`select unnest(${pgArrayLiteral([-9223372036854775808n, 0n, null, 219590000n])}::int8[]) as v`.execute(wh.db);
        expect(big.rows.map((r) => r.v)).toEqual([-9223372036854775808n, 0n, null, 219590000n]);
      } finally {
        await wh.close();
      }
    });

    it('runs the column-array inserts of a load as named prepared statements, parsed once per connection', async () => {
      const { url, drop } = await engine.create();
      const wh = await openWarehouse(url, { poolSize: 1 });
      try {
        const prepared = async () =>
          (await sql<{ name: string }>`select name from pg_prepared_statements where name like 'disclosure_%' order by name`.execute(wh.db)).rows.map((r) => r.name);
        const load = async (unit: string) => {
          const report = makeReport({ unit });
          await loadReport(wh.db, { report, document: makeDocument(report), runId: null });
        };
        // The first report also inserts the code–name pairs it taught the codebook: a statement of its own.
        await load('甲单位');
        await load('乙单位');
        const names = await prepared();
        expect(names.length).toBeGreaterThan(0);
        await load('丙单位');
        expect(await prepared()).toEqual(names);
        expect(await wh.db.selectFrom('line_items').select('id').execute()).toHaveLength(24);
      } finally {
        await wh.close();
        await drop();
      }
    });

    it('inlines parameters as literals that read back exactly, several statements returning the last one\'s rows', async () => {
      const wh = await engine.open();
      try {
        for (const value of [...AWKWARD, "it's", "\\'; drop table reports; --"]) {
          const text = pgInline('select $1::text as one, $2 as many, $3::int4 as n, $4::text as none', [value, AWKWARD, 42, null]);
          // Two statements in one simple query: the pg client of loaders/engines/postgres/driver.ts gives the last one's rows.
          const { rows } = await wh.db.executeQuery<{ one: string; many: string[]; n: number; none: null }>(CompiledQuery.raw(`select 1; ${text}`));
          expect(rows).toEqual([{ one: value, many: AWKWARD, n: 42, none: null }]);
        }
        expect(await wh.db.selectFrom('reports').select('id').execute()).toEqual([]);
      } finally {
        await wh.close();
      }
    });
  }
});
