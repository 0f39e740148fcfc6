/**
 * The list of rules, family by family: one file per family (docs/domain.md, "Consistency checks"), each
 * exporting its rules; transforms/checks/engine.ts runs them.
 */
import type { Rule } from './model.ts';
import { acrossYearsRules } from './across-years.ts';
import { betweenTablesRules } from './between-tables.ts';
import { classNameRules } from './class-names.ts';
import { codebookRules } from './codebook.ts';
import { completenessRules } from './completeness.ts';
import { narrativeArithmeticRules } from './narrative-arithmetic.ts';
import { narrativeTablesRules } from './narrative-tables.ts';
import { rowIdentityRules } from './row-identities.ts';
import { tableSumRules } from './table-sums.ts';
import { textHygieneRules } from './text-hygiene.ts';
import { twoSidedRules } from './two-sided.ts';

/** Every rule, family by family. */
export const RULES: readonly Rule[] = [
  ...tableSumRules,
  ...rowIdentityRules,
  ...twoSidedRules,
  ...betweenTablesRules,
  ...narrativeTablesRules,
  ...narrativeArithmeticRules,
  ...acrossYearsRules,
  ...codebookRules,
  ...completenessRules,
  ...textHygieneRules,
  ...classNameRules,
];
