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

const sqliteId = <T extends string>(t: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> =>
  // A plain INTEGER PRIMARY KEY is the rowid (64-bit on SQLite); AUTOINCREMENT keeps ids of deleted
  // rows from being reused, so an id in an old export never names a different row.
  t.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());

const postgresId = <T extends string>(t: CreateTableBuilder<T, never>, wide = false): CreateTableBuilder<T, 'id'> =>
  t.addColumn('id', wide ? 'bigserial' : 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey());

export function engineTypes(engine: Engine): EngineTypes {
  return engine === 'sqlite'
    ? { engine, int64: 'bigint', blob: 'blob', id: sqliteId }
    : { engine, int64: 'bigint', blob: 'bytea', id: postgresId };
}
