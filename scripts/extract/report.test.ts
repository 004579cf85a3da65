/**
 * Every bundled real report → exactly its hand-checked expected record (tests/fixtures/expected).
 * Where the flattened text cannot settle a cell (SOURCES-pingtan.md), the record must either give
 * the settled value or leave it null and list it as ambiguous — any other number fails.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from './file.ts';
import type { ReportRecord } from '../template/record.ts';
import { diffRecord, loadExpected } from './expected.ts';
import { verifyRecord } from './verify.ts';

const root = join(import.meta.dirname, '../..');
const reportsDir = join(root, 'data/reports');

const cases: Array<[string, string]> = [
  ['000_fec3dc6b6efa534b.txt', '000_fec3dc6b6efa534b.expected.json'],
  ['001_f9e7c90898d0e983.txt', '001_f9e7c90898d0e983.expected.json'],
  ['002_425035603a0bba90.txt', '002_425035603a0bba90.expected.json'],
  ['003_17bc6c5624a3c32d.txt', '003_17bc6c5624a3c32d.expected.json'],
  ['004_51f69ccf0222012c.txt', '004_51f69ccf0222012c.expected.json'],
  ['pingtan_001_junshan-pianqu_2022.txt', 'pingtan_001_junshan-pianqu_2022.expected.json'],
  ['pingtan_002_pingtan-lvyou-wenti-ju_2019.txt', 'pingtan_002_pingtan-lvyou-wenti-ju_2019.expected.json'],
  ['pingtan_003_pingtan-shichang-jianguan-ju_2019.txt', 'pingtan_003_pingtan-shichang-jianguan-ju_2019.expected.json'],
  ['pingtan_004_pingtan-guoziju_2019.txt', 'pingtan_004_pingtan-guoziju_2019.expected.json'],
];
/** The Pingtan archive's text reports, as their provenance list names them (tests/fixtures/SOURCES-pingtan-archive.tsv). */
const archive = readFileSync(join(root, 'tests/fixtures/SOURCES-pingtan-archive.tsv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split('\t')[0]!).filter((f) => f.endsWith('.txt'));
for (const f of archive) cases.push([f, f.replace(/\.txt$/, '.expected.json')]);

async function extract(file: string): Promise<ReportRecord> {
  const out = await extractBytes(readFileSync(join(reportsDir, file)), file);
  if (!out.ok) throw new Error(out.reason);
  return out.record;
}

describe('bundled real reports extract to their expected records', () => {
  it('covers every text report in data/reports', () => {
    const txt = readdirSync(reportsDir).filter((f) => f.endsWith('.txt')).sort();
    expect(txt).toEqual(cases.map((c) => c[0]).sort());
    expect(archive).toHaveLength(112);
  });
  for (const [file, exp] of cases) {
    it(file, async () => {
      const out = await extractBytes(readFileSync(join(reportsDir, file)), file);
      if (!out.ok) throw new Error(out.reason);
      expect(diffRecord(out.record, loadExpected(exp))).toEqual([]);
      // and nothing in it contradicts its text (positions, runs written out digit for digit, table order)
      expect(verifyRecord(out.record, out.text ?? '').problems).toEqual([]);
    });
  }
});

describe('a report without tables is kept; a text that is no report is refused', () => {
  it('pingtan_142 (公安局 2020, the body holds only its title): agency and year kept, every cell null, the warning says no table was found and where the text ends', async () => {
    const rec = await extract('pingtan_142_gongan_2020.txt');
    expect([rec.agency, rec.year, rec.template, rec.level]).toEqual(['平潭综合实验区公安局', 2020, null, 'department']);
    expect(rec.t3).toEqual({});
    expect(rec.t4).toEqual(Array(15).fill(null));
    expect(Object.values(rec.provenance)).toEqual([]);
    expect(rec.warnings).toEqual(['no table found: none of 主动公开 / 依申请公开 / 行政复议 tables holds a value; the text ends at line 10 (…公安局2020年政府信息公开工作年度报告); every cell is null']);
  });
  it('the same text without its title and header lines is no report: refused with its reason', async () => {
    const text = readFileSync(join(reportsDir, 'pingtan_142_gongan_2020.txt'), 'utf8').split('\n').filter((l) => !/年度报告|^标题|^本地目录/.test(l)).join('\n');
    const out = await extractBytes(Buffer.from(text), 'no-title.txt');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/no report tables found .* and no report title/);
  });
});

describe('the reports held as text and as their saved page agree cell for cell', () => {
  for (const name of ['pingtan_151_guanweihuibangongshi_2024', 'pingtan_164_xingzhengshenpi_2024']) {
    it(name, async () => {
      const exp = loadExpected(`${name}.expected.json`);
      const page = await extract(`${name}.html`);
      // the page settles every cell: it must give each expected value, with nothing ambiguous
      expect(page.ambiguous).toEqual([]);
      expect(diffRecord(page, { ...exp, ambiguous: [] })).toEqual([]);
      // the text gives the same values except the run it cannot split (行政规范性文件), which it leaves null
      const text = await extract(`${name}.txt`);
      expect(text.ambiguous).toEqual(['t2.normative.made', 't2.normative.repealed', 't2.normative.valid']);
      expect(diffRecord(text, exp)).toEqual([]);
    });
  }
  it('the page values of the run the text cannot split are among its candidates', async () => {
    const t = await extract('pingtan_164_xingzhengshenpi_2024.txt');
    expect(t.ambiguity[0]!.candidates).toContainEqual([15, 6, 21]);
    expect(loadExpected('pingtan_164_xingzhengshenpi_2024.expected.json').t2.normative).toEqual({ made: 15, repealed: 6, valid: 21 });
    expect(loadExpected('pingtan_151_guanweihuibangongshi_2024.expected.json').t2.normative).toEqual({ made: 11, repealed: 4, valid: 251 });
  });
});

describe('what the records say beyond the numbers', () => {
  it('keeps a failed check as stated (君山 2022: 本机关不掌握 3,0,0,0,0,2,5 vs 总计 0)', async () => {
    const rec = await extract('pingtan_001_junshan-pianqu_2022.txt');
    expect(rec.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
    expect(rec.t3.total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const failed = rec.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => `${c.rule} ${c.scope}`).sort()).toEqual(['t3.results_sum column 其他', 't3.results_sum column 总计', 't3.results_sum column 自然人']);
    const nat = failed.find((c) => c.scope === 'column 自然人')!;
    expect(nat.actual).toBe(3);
    expect(nat.expected).toBe(0);
    expect(nat.cells).toContain('t3.unable_no_info[0]');
    expect(nat.cells).toContain('t3.total[0]');
  });

  it('flags a procurement run it cannot split (市场监督管理局 156805947.43元) instead of guessing', async () => {
    const rec = await extract('pingtan_003_pingtan-shichang-jianguan-ju_2019.txt');
    expect(rec.t2_extra?.procurement_total_amount).toBeNull();
    expect(rec.t2_extra?.procurement_items).toBeNull();
    expect(rec.ambiguous).toEqual(expect.arrayContaining(['t2_extra.procurement_items', 't2_extra.procurement_total_amount']));
    const amb = rec.ambiguity.find((a) => a.cells.includes('t2_extra.procurement_total_amount'))!;
    expect(amb.candidates).toHaveLength(7);
    expect(amb.candidates).toContainEqual([15, 6805947.43]);
    const check = rec.checks.find((c) => c.rule === 'extract.unique_split')!;
    expect(check.status).toBe('fail');
    expect(check.cells).toContain('t2_extra.procurement_total_amount');
  });

  it('records where each number came from', async () => {
    const rec = await extract('002_425035603a0bba90.txt');
    const p = rec.provenance['t2.licensing']!;
    const line = readFileSync(join(reportsDir, '002_425035603a0bba90.txt'), 'utf8').split('\n')[p.line]!;
    expect(line.slice(p.start, p.end)).toBe('295');
    expect(p.raw).toBe('295');
    const q = rec.provenance['t3.unable_no_info[6]'];
    expect(q).toBeDefined();
  });

  it('points into a flattened run for split cells', async () => {
    const rec = await extract('pingtan_001_junshan-pianqu_2022.txt');
    const p = rec.provenance['t3.unable_no_info[6]']!;
    expect(p.raw).toBe('3000025');
    const line = readFileSync(join(reportsDir, 'pingtan_001_junshan-pianqu_2022.txt'), 'utf8').split('\n')[p.line]!;
    expect(line.slice(p.start, p.end)).toBe('3000025');
  });

  it('keeps the narrative sections', async () => {
    const rec = await extract('004_51f69ccf0222012c.txt');
    expect(rec.sections.map((s) => s.code)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    expect(rec.sections.find((s) => s.code === 's1')!.text).toContain('新源镇下辖 11 个村');
    expect(rec.sections.find((s) => s.code === 's6')!.text).toContain('本年度未收取政府信息公开信息处理费');
  });
});

describe('provenance raw text is the source slice', () => {
  it('keeps the space a PDF rendering puts between a number and its unit (006: "246900 元")', async () => {
    const file = 'tests/fixtures/layouts/006_pingtan-lvyou-wenti-ju_2019.layout.txt';
    const out = await extractBytes(readFileSync(join(root, file)), file);
    if (!out.ok) throw new Error(out.reason);
    const p = out.record.provenance['t2_extra.procurement_total_amount']!;
    const line = readFileSync(join(root, file), 'utf8').split('\n')[p.line]!;
    expect(p.raw).toBe('246900 元');
    expect(line.slice(p.start, p.end)).toBe(p.raw);
    expect(out.record.t2_extra?.procurement_total_amount).toBe(246900);
  });
});

describe('section headings', () => {
  it('finds an Arabic-numbered heading (车排子镇: "6、 其他需要报告的事项") and keeps whole titles', async () => {
    const rec = await extract('001_f9e7c90898d0e983.txt');
    expect(rec.sections.map((s) => s.title)).toEqual(['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '6、 其他需要报告的事项']);
  });
  it('ends a flattened heading at its own words (旅游与文化体育局: "六、其他需要报告的事项没有需要说明的其他事项")', async () => {
    const rec = await extract('pingtan_002_pingtan-lvyou-wenti-ju_2019.txt');
    const s6 = rec.sections.find((s) => s.code === 's6')!;
    expect(s6.title).toBe('六、其他需要报告的事项');
    expect(s6.text.startsWith('没有需要说明的其他事项')).toBe(true);
  });
});

describe('source address', () => {
  it('comes from a scraper dump\'s 原文链接 line, and is null where the report names none', async () => {
    expect((await extract('pingtan_003_pingtan-shichang-jianguan-ju_2019.txt')).source_url).toBe('https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202001/t20200113_19209.htm');
    expect((await extract('002_425035603a0bba90.txt')).source_url).toBeNull();
  });
});
