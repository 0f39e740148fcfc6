/**
 * The Chinese words of the HTML report. The page is Chinese: rule ids, severities and fallbacks are shown
 * in Chinese, and a rule's id stays in the markup (a `title` and a `data-rule` attribute) for whoever
 * needs to look it up in the README or the findings export.
 */

/** Check families (the part of a rule id before `/`) in Chinese. */
const FAMILY: Readonly<Record<string, string>> = {
  'table-sums': '表内合计与层级',
  'row-identities': '表内行间勾稽',
  'two-sided': '收支两侧平衡',
  'between-tables': '表间数据一致',
  'narrative-tables': '说明与表格一致',
  'narrative-arithmetic': '说明内计算',
  'across-years': '跨年度一致',
  codebook: '科目编码与名称',
  completeness: '表格完整性',
};

/** Rules whose own name reads better than their family's. */
const RULE: Readonly<Record<string, string>> = {
  'narrative-arithmetic/parts-sum': '说明内计算：分项之和与合计',
  'narrative-arithmetic/change-pct': '说明内计算：增减百分比',
  'narrative-arithmetic/count-parts': '说明内计算：分项数量',
  'completeness/standard-tables': '表格完整性：公开表格是否齐全',
};

/** A rule id in Chinese (never the English id itself). */
export function ruleLabel(ruleId: string): string {
  const known = RULE[ruleId];
  if (known) return known;
  const family = FAMILY[ruleId.split('/')[0] ?? ''];
  return family ?? '其他检查';
}

const SEVERITY: Readonly<Record<string, string>> = { error: '错误', warning: '警告', info: '提示' };

export function severityLabel(severity: string | null): string {
  return severity === null ? '' : SEVERITY[severity] ?? '提示';
}

/** A unit that could not be identified from its report. */
export const UNKNOWN_UNIT = '（未识别单位）';

/**
 * Fonts that hold Chinese on each system: Windows (Microsoft YaHei), macOS (PingFang SC, Hiragino Sans GB),
 * Linux (Noto Sans CJK SC from fonts-noto-cjk, Source Han Sans, WenQuanYi). Without one of them every
 * character is a box; the charts (SVG text) use the same stack.
 */
export const FONT_STACK = '"Microsoft YaHei","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif';
