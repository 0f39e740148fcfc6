/**
 * Companion files: a report published as a narrative file and a tables file (Jiangsu 2017–2019) is one
 * report. Each file stays a part with its own provenance and versions in the warehouse; for the checks the
 * two are joined here, so that the narrative-against-tables rules see both. Pure.
 */
import type { CheckOutcome } from '../checks/model.ts';
import type { NormalisedReport } from '../model.ts';

/**
 * The report the two parts make: the narrative part's meta and facts, the tables part's tables, the
 * projects and listed tables of both. Table and fact provenance keep pointing into their own file (blocks
 * of the tables file's document for tables, of the narrative's for facts).
 */
export function joinParts(narrative: NormalisedReport, tables: NormalisedReport): NormalisedReport {
  return {
    source: narrative.source,
    meta: { ...narrative.meta, part: 'whole' },
    tables: tables.tables,
    facts: narrative.facts,
    projects: [...narrative.projects, ...tables.projects],
    listedTables: [...new Set([...narrative.listedTables, ...tables.listedTables])],
    messages: narrative.messages,
  };
}

/**
 * The outcomes of the joined report that belong to its narrative part: those that involve a sentence of the
 * narrative (narrative against tables, arithmetic in the narrative). Outcomes on tables alone belong to the
 * tables part, whose own checks already found them.
 */
export function narrativeOutcomes(outcomes: readonly CheckOutcome[]): CheckOutcome[] {
  return outcomes.filter((o) => o.outcome !== 'finding' || o.values.some((v) => v.sentence !== undefined));
}
