import { describe, expect, it } from 'vitest';
import { parseCodebookCsv, parseCrosswalkCsv, parseDeptGovCsv } from '../../../transforms/codebook/codebook.ts';

describe('parseCodebookCsv', () => {
  it('reads code,name and derives level and parent, marking entries imported', () => {
    const r = parseCodebookCsv('code,name\n208,社会保障和就业支出\n20805,行政事业单位养老支出\n2080505,机关事业单位基本养老保险缴费支出\n', 'function', 2023);
    expect(r.messages).toEqual([]);
    expect(r.value).toEqual([
      { scheme: 'function', edition: 2023, code: '208', name: '社会保障和就业支出', level: 1, parent: null, canonicalCode: null, source: 'imported' },
      { scheme: 'function', edition: 2023, code: '20805', name: '行政事业单位养老支出', level: 2, parent: '208', canonicalCode: null, source: 'imported' },
      { scheme: 'function', edition: 2023, code: '2080505', name: '机关事业单位基本养老保险缴费支出', level: 3, parent: '20805', canonicalCode: null, source: 'imported' },
    ]);
  });

  it('reads Chinese headers, a BOM, 类/款/项 levels, quoted fields and blank lines', () => {
    const text = '\uFEFF科目编码,科目名称,级次,上级编码\r\n301,工资福利支出,类,\r\n\r\n"30101","基本工资",款,301\r\n';
    const r = parseCodebookCsv(text, 'economic-dept', 2022, { note: 'MoF 2022 科目汇总表' });
    expect(r.messages).toEqual([]);
    expect(r.value.map((e) => [e.code, e.name, e.level, e.parent, e.note])).toEqual([
      ['301', '工资福利支出', 1, null, 'MoF 2022 科目汇总表'],
      ['30101', '基本工资', 2, '301', 'MoF 2022 科目汇总表'],
    ]);
  });

  it('reports bad rows by line and leaves them out', () => {
    const text = [
      'code,name,level,parent',
      '208,社会保障和就业支出,1,', // line 2: good
      '30101,基本工资,2,301', // line 3: another scheme
      'abc,名称,,', // line 4: no code
      '20805,,2,208', // line 5: no name
      '20805,行政事业单位养老支出,3,208', // line 6: level disagrees (kept, digits win)
      '2080505,机关事业单位基本养老保险缴费支出,3,20899', // line 7: parent disagrees (kept)
      '208,另一个名字,1,', // line 8: repeated code, other name
      '2080506,too,many,fields,here', // line 9: field count
    ].join('\n');
    const r = parseCodebookCsv(text, 'function', 2023, { file: 'list.csv' });
    expect(r.value.map((e) => [e.code, e.level, e.parent])).toEqual([
      ['208', 1, null],
      ['20805', 2, '208'],
      ['2080505', 3, '20805'],
    ]);
    expect(r.messages.map((m) => [m.rule, m.location?.row])).toEqual([
      ['codebook/bad-row', 9],
      ['codebook/bad-row', 3],
      ['codebook/bad-row', 4],
      ['codebook/bad-row', 5],
      ['codebook/level-mismatch', 6],
      ['codebook/parent-mismatch', 7],
      ['codebook/bad-row', 8],
    ]);
    expect(r.messages.every((m) => m.reason.startsWith('line ') && m.location?.file === 'list.csv')).toBe(true);
    expect(r.messages[1]?.reason).toMatch(/line 3: 30101 is a economic-dept code, not function/);
  });

  it('refuses a file without code and name columns', () => {
    const r = parseCodebookCsv('编号,说明\n1,x\n', 'function', 2023);
    expect(r.value).toEqual([]);
    expect(r.messages.map((m) => [m.severity, m.rule])).toEqual([['error', 'codebook/bad-header']]);
  });
});

describe('parseCrosswalkCsv', () => {
  it('reads renames, splits and additions', () => {
    const text = [
      'scheme,from_edition,to_edition,old_code,old_name,new_code,new_name,change,source',
      'function,2018,2019,210,医疗卫生与计划生育支出,,卫生健康支出,renamed,s1',
      'economic_dept,2017,2018,30104,社会保障缴费,30108;30109,,split,s2',
      'revenue,,2025,,,1050303,抗疫特别国债收入,added,s3',
      'function,x,2019,210,a,,b,renamed,bad year',
      'function,2018,2019,210,a,,b,rebranded,bad kind',
    ].join('\n');
    const r = parseCrosswalkCsv(text);
    expect(r.value.map((c) => [c.scheme, c.fromEdition, c.toEdition, c.oldCode, c.newCodes, c.change])).toEqual([
      ['function', 2018, 2019, '210', ['210'], 'renamed'],
      ['economic-dept', 2017, 2018, '30104', ['30108', '30109'], 'split'],
      ['revenue', null, 2025, null, ['1050303'], 'added'],
    ]);
    expect(r.messages.map((m) => [m.rule, m.location?.row])).toEqual([
      ['crosswalk/bad-row', 5],
      ['crosswalk/bad-row', 6],
    ]);
  });
});

describe('parseDeptGovCsv', () => {
  it('reads 政府/部门 economic pairs and refuses codes of other schemes', () => {
    const r = parseDeptGovCsv('gov_code,gov_name,dept_code,dept_name,source\n50101,工资奖金津补贴,30101,基本工资,x\n30101,a,50101,b,y\n');
    expect(r.value).toEqual([{ govCode: '50101', govName: '工资奖金津补贴', deptCode: '30101', deptName: '基本工资', source: 'x' }]);
    expect(r.messages.map((m) => [m.rule, m.location?.row])).toEqual([['crosswalk/bad-row', 3]]);
  });
});
