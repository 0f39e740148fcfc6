/**
 * Column types that differ between the engines, for migrations (each engine gives its own:
 * loaders/engines/<engine>/index.ts `types`). Everything else in a migration is written once for both.
 */
export type { Engine, EngineTypes } from '../../engines/engine.ts';
