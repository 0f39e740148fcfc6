/**
 * `disclosure extract FILE [--json]`: the document model of one report, as a readable outline or as JSON.
 * Warnings go to stderr so that the outline and the JSON on stdout stay clean for scripts.
 */
import { tuneForOneFile } from '../../core/process.ts';
import { formatMessage } from '../../core/messages.ts';
import { extractFile } from '../../extractors/index.ts';
import type { Document, TableBlock } from '../../extractors/model.ts';
import { UsageError, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';

/** Rows of each table shown in the outline. */
const PREVIEW_ROWS = 3;
/** Longest cell text shown in the outline before it is cut. */
const PREVIEW_CELL_CHARS = 16;

function preview(cell: string): string {
  const flat = cell.replace(/\n/g, ' ');
  return flat.length > PREVIEW_CELL_CHARS ? `${flat.slice(0, PREVIEW_CELL_CHARS - 1)}…` : flat;
}

function tableLines(table: TableBlock, ordinal: number): string[] {
  const width = table.rows[0]?.length ?? 0;
  const lines = [`  [table ${ordinal}] ${table.title ?? '(untitled)'} — ${table.rows.length} rows × ${width} columns`];
  const units = table.context.filter((c) => c !== table.title);
  if (units.length > 0) lines.push(`      context: ${units.join(' | ')}`);
  for (const row of table.rows.slice(0, PREVIEW_ROWS)) lines.push(`      | ${row.map(preview).join(' | ')} |`);
  if (table.rows.length > PREVIEW_ROWS) lines.push(`      … ${table.rows.length - PREVIEW_ROWS} more rows`);
  return lines;
}

/**
 * The outline: headings indented by level, paragraph and image counts between them, and each table with
 * its title, size and first rows. The first line names the source; the rest depends only on the content,
 * so the same report in DOCX and HTML gives the same outline.
 */
export function outline(doc: Document): string {
  const { source } = doc;
  const lines = [`${source.path}: ${source.format}${source.encoding ? ` (${source.encoding})` : ''}, ${source.bytes} bytes, sha256 ${source.sha256.slice(0, 12)}`];
  let paragraphs = 0;
  let images = 0;
  let tables = 0;
  let totalParagraphs = 0;
  let indent = '';
  const flushCounts = (): void => {
    const parts: string[] = [];
    if (paragraphs > 0) parts.push(`${paragraphs} paragraph${paragraphs === 1 ? '' : 's'}`);
    if (images > 0) parts.push(`${images} image${images === 1 ? '' : 's'}`);
    if (parts.length > 0) lines.push(`${indent}  (${parts.join(', ')})`);
    paragraphs = 0;
    images = 0;
  };
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'heading':
        flushCounts();
        indent = '  '.repeat(Math.max(0, block.level - 1));
        lines.push(`${indent}${'#'.repeat(block.level)} ${block.text}`);
        break;
      case 'paragraph':
        paragraphs++;
        totalParagraphs++;
        break;
      case 'image':
        images++;
        break;
      case 'table':
        flushCounts();
        lines.push(...tableLines(block, ++tables).map((l) => indent + l));
        break;
    }
  }
  flushCounts();
  const headings = doc.blocks.filter((b) => b.type === 'heading').length;
  lines.push(`${headings} headings, ${totalParagraphs} paragraphs, ${tables} tables`);
  return lines.join('\n');
}

/** The JSON form: the model itself (source, blocks with type/level/text/title/rows, messages). */
export function toJson(doc: Document): string {
  return JSON.stringify(doc, null, 2);
}

export const command: Command = {
  summary: 'Print the document model of a report',
  usage: [
    'Usage: disclosure extract FILE [--json]',
    '',
    'Reads one report (DOCX, HTML, MHTML or a web page saved as .doc; the format is detected from the bytes)',
    'and prints its outline: headings, paragraph counts, and each table with its title, size and first rows.',
    'Warnings go to stderr.',
    '',
    'Options:',
    '  --json   print the document model as JSON: { source, blocks, messages }',
  ].join('\n'),
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    tuneForOneFile();
    const doc = await extractFile(positionals[0]!);
    // `disclosure extract FILE --json | head` closes the pipe early: that is the reader's choice, not an error.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
    if (values.json) {
      process.stdout.write(toJson(doc) + '\n');
    } else {
      process.stdout.write(outline(doc) + '\n');
      for (const m of doc.messages) process.stderr.write(formatMessage(m) + '\n');
    }
    return 0;
  },
};
