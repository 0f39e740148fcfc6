/**
 * The migration list, explicit rather than globbed from the folder: the same list under tsx, vitest and a
 * bundled build, and an engine-aware one (a few column types differ between SQLite and PostgreSQL).
 * Names sort in order of application; never rename or edit an applied migration, add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial.ts';
import { views } from './0002_views.ts';
import { identity } from './0004_identity.ts';
import { analystVocabulary } from './0005_analyst_vocabulary.ts';
import { findingMarks } from './0006_finding_marks.ts';
import { engineNamed } from '../../engines/index.ts';
import type { Engine } from './types.ts';

export type { Engine } from './types.ts';

/** Provides the warehouse migrations for one engine. */
export class WarehouseMigrations implements MigrationProvider {
  constructor(private readonly engine: Engine) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const engine = engineNamed(this.engine);
    const t = engine.types;
    return {
      '0001_initial': initial(t),
      '0002_views': views,
      // The engine's own load-path DDL (PostgreSQL's triggers; nothing on SQLite): loaders/engines/.
      '0003_postgres_load_path': engine.loadPathMigration,
      '0004_identity': identity(t),
      '0005_analyst_vocabulary': analystVocabulary,
      '0006_finding_marks': findingMarks,
    };
  }
}
