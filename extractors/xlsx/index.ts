/**
 * Workbooks (.xlsx, and the legacy binary .xls that WPS and older Excel save) → the document model.
 *
 * Read with SheetJS (the `@e965/xlsx` build of SheetJS CE 0.20.3, which reads both formats; the npm
 * `xlsx` package stopped at 0.18.5, which has the prototype-pollution and ReDoS advisories fixed in 0.19.3
 * and 0.20.2). Sheets are read in workbook order; each sheet's blocks carry the sheet's name, its
 * 1-based position as `page`, and their A1 range; table cells carry their address and stored value.
 * Hidden sheets, rows and columns are noted and skipped (a printed or published copy leaves them out).
 * Formulas are read as the results Excel cached when it saved the file: nothing is recalculated.
 */
import * as XLSX from '@e965/xlsx';
// The subpath with both import and require conditions: tsx loads it either way (in worker threads, as CJS).
import * as cptable from '@e965/xlsx/dist/cpexcel.full';
import { badInput } from '../../core/errors.ts';
import { info, type Message } from '../../core/messages.ts';
import { assembleDocument, type DraftBlock, type Document, type SourceInfo } from '../model.ts';
import { checkZip, listZip, readZip } from '../zip.ts';
import { sheetBlocks } from './blocks.ts';
import { visibleSheet } from './sheet.ts';

// Legacy .xls files name their codepage; BIFF5 files from Chinese Excel and WPS need GBK (936) to decode.
XLSX.set_cptable(cptable);

/** Which workbook format the bytes hold, from the caller's detection. */
export type WorkbookFormat = 'xlsx' | 'xls';

const READ_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  // Number formats (kept as `z`, applied to make `w`) are wanted; formula text, HTML renderings, VBA and
  // the rest are not. Row and column properties (hidden) come with cellStyles, set where needed.
  cellNF: true,
  cellStyles: false,
  cellFormula: false,
  cellHTML: false,
  cellDates: false,
  bookVBA: false,
  // Files without a codepage record: the district's and WPS's default.
  codepage: 936,
};

/** A hidden row or column in a worksheet part (ECMA-376 §18.3.1.73 row, §18.3.1.13 col: hidden="1"). */
const HIDDEN_ROW_OR_COL = /<(?:\w+:)?(?:row|col)\b[^>]*\bhidden="(?:1|true)"/;

/**
 * Whether SheetJS must read row and column properties: always for .xls; for .xlsx only when a sheet hides
 * a row or column. Reading them makes SheetJS copy a style object into every cell, which took three
 * quarters of the time on the district template (A1:I3380 sheets of formatted blank cells).
 */
function needsRowProperties(bytes: Uint8Array, source: SourceInfo): boolean {
  if (source.format !== 'xlsx') return true;
  // The safe reader checks sizes, ratios and encryption before inflating anything (SheetJS would not).
  const sheets = readZip(bytes, source.path, { wanted: (name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name) });
  const decoder = new TextDecoder();
  return [...sheets.values()].some((part) => HIDDEN_ROW_OR_COL.test(decoder.decode(part)));
}

function readWorkbook(bytes: Uint8Array, source: SourceInfo): XLSX.WorkBook {
  if (source.format === 'xlsx') checkZip(listZip(bytes, source.path), source.path);
  const cellStyles = needsRowProperties(bytes, source);
  try {
    return XLSX.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { ...READ_OPTIONS, cellStyles });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw badInput(`${source.format}/corrupt`, source.path, `the workbook cannot be read (${why}); open and save it again in Excel or WPS`, e);
  }
}

/** Extracts a workbook: one run of blocks per visible sheet, in workbook order. */
export function extractWorkbook(bytes: Uint8Array, source: SourceInfo): Document {
  const wb = readWorkbook(bytes, source);
  const drafts: DraftBlock[] = [];
  const messages: Message[] = [];
  const props = wb.Workbook?.Sheets ?? [];
  wb.SheetNames.forEach((name, i) => {
    const position = i + 1;
    const hidden = props[i]?.Hidden ?? 0;
    if (hidden !== 0) {
      messages.push(info('extract', 'xlsx/hidden-sheet', `sheet “${name}” is ${hidden === 2 ? 'very hidden' : 'hidden'} and was skipped, as a published copy leaves it out`, {
        file: source.path, page: position,
      }));
      return;
    }
    const ws = wb.Sheets[name];
    // Chart sheets and dialog sheets hold no cells.
    if (!ws || !ws['!data']) return;
    const read = sheetBlocks(visibleSheet(ws), { name, position, file: source.path, firstBlock: drafts.length });
    drafts.push(...read.drafts);
    messages.push(...read.messages);
  });
  if (drafts.length === 0) messages.push(info('extract', 'xlsx/empty', 'the workbook has no visible cell with text', { file: source.path }));
  return assembleDocument(source, drafts, messages);
}
