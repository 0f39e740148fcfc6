/** Plain-text tables for the terminal, aligned by display width (a Chinese character takes two columns). */

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Columns a string takes in a terminal. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** A header, a rule and the rows; numbers right-aligned, cells cut to `maxWidth` columns. */
export function formatTable(columns: readonly string[], rows: readonly (readonly string[])[], maxWidth = 60): string {
  const cut = (s: string) => {
    if (displayWidth(s) <= maxWidth) return s;
    let out = '';
    for (const ch of s) {
      if (displayWidth(out + ch) > maxWidth - 1) break;
      out += ch;
    }
    return out + '…';
  };
  const cells = rows.map((r) => r.map((c) => cut(c.replace(/\s+/g, ' '))));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((r) => (r[i] ?? '') === '' || NUMBER.test(r[i] ?? '')));
  const line = (r: readonly string[]) => r.map((c, i) => pad(c, widths[i]!, numeric[i]!)).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}
