import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import { csvLines, toUnit, writeCsv, type CsvColumn } from '../../loaders/exports/csv.ts';

interface Row {
  unit: string;
  name: string;
  yuan: string;
}

const columns: CsvColumn<Row>[] = [
  { name: 'unit', type: 'string', description: 'unit', value: (r) => r.unit },
  { name: 'name', type: 'string', description: 'name', value: (r) => r.name },
  { name: 'amount_yuan', type: 'number', description: 'amount', value: (r) => r.yuan },
];

async function* pagesOf(rows: Row[], size: number): AsyncGenerator<Row[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function render(rows: Row[], size: number, bom?: boolean): Promise<{ text: string; count: number }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const count = await writeCsv(pagesOf(rows, size), columns, sink, bom === undefined ? {} : { bom });
  sink.end();
  return { text: Buffer.concat(chunks).toString('utf8'), count };
}

describe('CSV export writer', () => {
  const rows: Row[] = Array.from({ length: 25 }, (_, i) => ({ unit: `青原市单位${i}`, name: `行政运行${i}`, yuan: `${i}00.00` }));

  it('starts with a UTF-8 byte-order mark and writes the header exactly once across pages', async () => {
    const { text, count } = await render(rows, 7);
    expect(text.startsWith('\uFEFFunit,name,amount_yuan\r\n')).toBe(true);
    expect(text.match(/unit,name,amount_yuan/g)).toHaveLength(1);
    expect(count).toBe(25);
    const parsed = Papa.parse<string[]>(text.slice(1).trim(), { newline: '\r\n' });
    expect(parsed.data).toHaveLength(26);
    expect(parsed.data[3]).toEqual(['青原市单位2', '行政运行2', '200.00']);
  });

  it('drops the byte-order mark when asked', async () => {
    const { text } = await render(rows.slice(0, 1), 1, false);
    expect(text.startsWith('unit,')).toBe(true);
  });

  it('escapes cells that a spreadsheet would run as formulas, but keeps negative amounts numeric', async () => {
    const evil: Row[] = [
      { unit: '=HYPERLINK("http://x")', name: '+cmd', yuan: '-611.78' },
      { unit: '@SUM(A1)', name: '-1+1', yuan: '0' },
    ];
    const { text } = await render(evil, 10);
    const data = Papa.parse<string[]>(text.slice(1).trim(), { newline: '\r\n' }).data;
    expect(data[1]).toEqual(['\'=HYPERLINK("http://x")', "'+cmd", '-611.78']);
    expect(data[2]).toEqual(["'@SUM(A1)", "'-1+1", '0']);
  });

  it('quotes cells with commas, quotes and line breaks', () => {
    expect(csvLines([['a,b', 'say "x"', 'two\nlines']])).toBe('"a,b","say ""x""","two\nlines"\r\n');
  });
});

describe('amounts in the printed unit', () => {
  it('moves the decimal point exactly, without floating point', () => {
    expect(toUnit('2195900.00', '万元')).toBe('219.59');
    expect(toUnit('-6117800.00', '万元')).toBe('-611.78');
    expect(toUnit('5', '万元')).toBe('0.0005');
    expect(toUnit('123456789012345678.5', '亿元')).toBe('1234567890.123456785');
    expect(toUnit('2195900', '元')).toBe('2195900.00');
    expect(toUnit(null, '万元')).toBeNull();
  });
});
