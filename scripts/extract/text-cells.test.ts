/**
 * Rows printed as `|`-separated cells or one cell per line, with a cell holding words where a number goes
 * (未增未减, 增3) or a row printed with its label blank. Inputs are DERIVED from the real report
 * tests/fixtures/html/006_pingtan-lvyou-wenti-ju_2019.html (平潭综合实验区旅游与文化体育局 2019, 2019 template):
 * its table rows as the HTML reader emits them, re-laid the way a reader copying the page gets them.
 * Truth is its hand-checked record tests/fixtures/expected/pingtan_002_pingtan-lvyou-wenti-ju_2019.expected.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource } from '../read/index.ts';
import { extractReport } from './report.ts';
import { diffRecord, loadExpected } from './expected.ts';
import type { ReportRecord } from '../template/record.ts';

const root = join(import.meta.dirname, '../..');
const exp = loadExpected('pingtan_002_pingtan-lvyou-wenti-ju_2019.expected.json');
let tabText = '';
beforeAll(async () => {
  tabText = (await readSource(readFileSync(join(root, 'tests/fixtures/html/006_pingtan-lvyou-wenti-ju_2019.html')), '006.html')).text;
});
const extract = (text: string): ReportRecord => extractReport({ format: 'text', encoding: 'utf-8', text, origins: [], warnings: [] }, 'derived.txt');
/** Every tab row as `| a | b | c |`. */
const bars = (t: string) => t.split('\n').map((l) => (l.includes('\t') ? `| ${l.split('\t').join(' | ')} |` : l)).join('\n');
/** Every cell on its own line, a blank line after each (a page copied from a browser). */
const cellPerLine = (t: string) => t.split('\n').flatMap((l) => (l.includes('\t') ? l.split('\t').filter((c) => c.trim()).flatMap((c) => [c, '']) : [l])).join('\n');

/** Every non-null value the record holds equals the truth (cells the mutation made textual may be null). */
function noWrongNumber(rec: ReportRecord, allowNull: string[] = []): string[] {
  return diffRecord(rec, exp).filter((d) => !(allowNull.some((p) => d.startsWith(p)) && / got null,/.test(d)));
}

describe('`|`-separated rows (derived from 006)', () => {
  it('read exactly', () => {
    expect(diffRecord(extract(bars(tabText)), exp)).toEqual([]);
  });
  it('a two-digit count in a `|` row is never cut into its digits', () => {
    const rec = extract(bars(tabText));
    expect(rec.t2_extra!.licensing_prev_year_items).toBe(11);
    expect(rec.t2_extra!.licensing_decisions).toBe(15);
  });
  it('a textual cell (未增未减) keeps its column: it is null, and the numbers after it stay in theirs', () => {
    const text = bars(tabText).replace('| 其他对外管理服务事项 | 0 | 0 | 0 |', '| 其他对外管理服务事项 | 0 | 未增未减 | 0 |')
      .replace('| 行政许可 | 11 | 3 | 15 |', '| 行政许可 | 11 | 增3 | 15 |');
    const rec = extract(text);
    expect(rec.t2_extra!.other_mgmt_services_change).toBeNull();
    expect(rec.t2_extra!.other_mgmt_services_decisions).toBe(0);
    expect(rec.t2_extra!.licensing_change).toBe(3);
    expect(rec.t2_extra!.licensing_decisions).toBe(15);
    expect(noWrongNumber(rec, ['t2_extra.other_mgmt_services_change'])).toEqual([]);
  });
  it('a label carrying a remark in brackets that names other rows (其他对外管理服务事项(…行政处罚、行政强制…)) keeps its own values', () => {
    const text = bars(tabText).replace('| 其他对外管理服务事项 |', '| 其他对外管理服务事项(指行政许可以外的政务服务事项,含行政确认、行政处罚、行政强制、行政检查) |');
    expect(diffRecord(extract(text), exp)).toEqual([]);
  });
  it('a row cut with a trailing ` |` and a leading bar on every cell line stays exact', () => {
    const text = bars(tabText).split('\n').map((l) => (l.startsWith('|') ? l.replace(/ \|$/, ' | ') : l)).join('\n');
    expect(diffRecord(extract(text), exp)).toEqual([]);
  });
});

describe('one cell per line with its bars on the lines (derived from 006)', () => {
  // A page copied from a browser: every cell prints as `| ` then ` 规章  |` (the bar that closes it).
  const barLines = (t: string) => t.split('\n').flatMap((l) => (l.includes('\t') ? l.split('\t').flatMap((c) => ['| ', ` ${c}  |`]) : [l])).join('\n');
  it('read exactly: a bar is never a row label', () => {
    expect(diffRecord(extract(barLines(tabText)), exp)).toEqual([]);
  });
});

describe('one cell per line (derived from 006)', () => {
  it('read exactly', () => {
    expect(diffRecord(extract(cellPerLine(tabText)), exp)).toEqual([]);
  });
  it('a textual cell on its own line keeps its column', () => {
    const lines = cellPerLine(tabText).split('\n');
    const at = lines.indexOf('行政许可');
    expect(lines.slice(at, at + 7)).toEqual(['行政许可', '', '11', '', '3', '', '15']);
    lines[at + 4] = '增3';
    const rec = extract(lines.join('\n'));
    expect(rec.t2_extra!.licensing_change).toBe(3);
    expect(rec.t2_extra!.licensing_decisions).toBe(15);
    expect(noWrongNumber(rec)).toEqual([]);
  });
  it('a row whose label is blank gives its values to no other row', () => {
    const lines = cellPerLine(tabText).split('\n');
    const at = lines.indexOf('行政许可');
    lines[at] = '';
    const rec = extract(lines.join('\n'));
    expect(noWrongNumber(rec, ['t2_extra.licensing', 't2.licensing', 't2_extra.other_mgmt', 't2_extra.regulations', 't2_extra.normative', 't2.normative', 't2.regulations'])).toEqual([]);
    expect(rec.t2_extra!.licensing_decisions ?? null).toBeNull();
    expect(rec.t2_extra!.other_mgmt_services_decisions).toBe(0);
    expect(rec.warnings).toContain('table 二 row 行政许可: not found; its cells are null');
  });
});

describe('label variants (derived from the bundled real reports and 006)', () => {
  const variants: Record<string, (t: string) => string> = {
    '3、其他 for 3.其他': (t) => t.replace(/(\d)\.(其他|属于|危及|保护|没有|补正|信访|重复|要求|无正当|申请人)/g, '$1、$2'),
    'full-width brackets': (t) => t.replace(/\(/g, '（').replace(/\)/g, '）'),
    'half-width brackets': (t) => t.replace(/（/g, '(').replace(/）/g, ')'),
    'captions cut after 第二十条第': (t) => t.replace(/第二十条第\s*[(（][一二三四五六七八九十]+[)）]\s*项/g, '第二十条第'),
    'no numbered section headings': (t) => t.replace(/^([一二三四五六])、/gm, ''),
    '本年增\\减 for 本年增/减': (t) => t.replace(/本年增\/减/g, '本年增\\减'),
    'a repeated header row': (t) => t.replace(/(信息内容[^\n]*\n)/, '$1$1'),
  };
  const ids = ['000_fec3dc6b6efa534b', '003_17bc6c5624a3c32d', '004_51f69ccf0222012c'];
  for (const [name, f] of Object.entries(variants)) {
    it(name, () => {
      for (const id of ids) {
        const text = readFileSync(join(root, 'data/reports', `${id}.txt`), 'utf8');
        expect(diffRecord(extract(f(text)), loadExpected(`${id}.expected.json`)), id).toEqual([]);
      }
      expect(diffRecord(extract(f(tabText)), exp), '006').toEqual([]);
    });
  }
});
