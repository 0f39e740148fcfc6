/**
 * The migration list, explicit rather than globbed from the folder: the same list under tsx, vitest and a
 * bundled build, and an engine-aware one (a few column types differ between SQLite and PostgreSQL).
 * Names sort in order of application; never rename or edit an applied migration, add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial.ts';
import { views } from './0002_views.ts';
import { postgresLoadPath } from './0003_postgres_load_path.ts';
import { identity } from './0004_identity.ts';
import { analystVocabulary } from './0005_analyst_vocabulary.ts';
import { findingMarks } from './0006_finding_marks.ts';
import { engineTypes, type Engine } from './types.ts';

export type { Engine } from './types.ts';

/** Provides the warehouse migrations for one engine. */
export class WarehouseMigrations implements MigrationProvider {
  constructor(private readonly engine: Engine) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const t = engineTypes(this.engine);
    return {
      '0001_initial': initial(t),
      '0002_views': views,
      '0003_postgres_load_path': postgresLoadPath(this.engine),
      '0004_identity': identity(t),
      '0005_analyst_vocabulary': analystVocabulary,
      '0006_finding_marks': findingMarks,
    };
  }
}
