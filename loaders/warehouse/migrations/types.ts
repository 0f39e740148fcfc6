/**
 * Column types that differ between the engines, for migrations. Everything else in a migration is
 * written once for both.
 */
import type { ColumnDataType, ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** The engine-specific column types a migration needs. */
export interface EngineTypes {
  readonly engine: Engine;
  /** A 64-bit signed integer (amounts in 分). */
  readonly int64: ColumnDataType;
  readonly blob: ColumnDataType;
  /**
   * Adds an auto-numbered primary key `id`: int4 serial, or int8 where a table may outgrow 2^31 rows
   * (line items of a decade of reports).
   */
  readonly id: <T extends string>(t: CreateTableBuilder<T, never>, wide?: boolean) => CreateTableBuilder<T, 'id'>;
}

const sqliteId = <T extends string>(t: CreateTableBuilder<T, never>, wide = false): CreateTableBuilder<T, 'id'> =>
  // INTEGER PRIMARY KEY is the 64-bit rowid. AUTOINCREMENT keeps ids of deleted rows from being reused,
  // so that an id in an old export never names a different row; the wide fact tables go without it, as
  // their rows are rebuilt by reprocessing anyway and AUTOINCREMENT costs a sqlite_sequence write per row.
  t.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => (wide ? c.primaryKey() : c.primaryKey().autoIncrement()));

const postgresId = <T extends string>(t: CreateTableBuilder<T, never>, wide = false): CreateTableBuilder<T, 'id'> =>
  t.addColumn('id', wide ? 'bigserial' : 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey());

export function engineTypes(engine: Engine): EngineTypes {
  return engine === 'sqlite'
    ? { engine, int64: 'bigint', blob: 'blob', id: sqliteId }
    : { engine, int64: 'bigint', blob: 'bytea', id: postgresId };
}
