/**
 * The home page's story and the agency page's series, computed from the hand-checked expected records of the
 * bundled Pingtan reports (tests/fixtures/expected/pingtan_1*–2*): rows as reports.parquet holds them
 * (measures.ts rowFromRecord), each report's failed checks as its record lists them. These are the reports'
 * own values before cross-year settling, so a cell the text cannot split stays null here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { agencyKey } from '../../scripts/corpus/agency-key.ts';
import { rowFromRecord, type Row } from './measures.ts';
import { HOME_BARS, HOME_ROWS, applicationsByAgency, arithmeticByAgency, buildHomeCharts, homeStory, isArithmetic } from './homecharts.ts';
import { TIME_CHART, agencyReports, crossFailures, points, twinRows } from './agencyseries.ts';

const DIR = resolve(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'expected');
const files = readdirSync(DIR).filter((f) => /^pingtan_[12]\d\d_/.test(f));
const recs = files.map((f) => ({ id: f.replace('.expected.json', ''), e: JSON.parse(readFileSync(join(DIR, f), 'utf8')) }));
const rows: Row[] = recs.map(({ id, e }) => ({ ...rowFromRecord(e), id, agency_key: agencyKey(e.agency) }));
const failed: Row[] = recs.flatMap(({ id, e }) => (e.checks_failing ?? []).map((c: any) => ({ report_id: id, rule: c.rule, status: 'fail' })));
const JT = '平潭综合实验区交通与建设局';

describe('home story from the real reports', () => {
  it('sums each agency\'s 本年新收 over its years, blank never counted as 0', () => {
    const jt = applicationsByAgency(rows).find((a) => a.key === JT)!;
    // 一、本年新收 总计 as printed 2019–2025: 1, 2, 5, 11, 14, 58, 21
    expect(jt.printed.map((r) => r.t3_new_total)).toEqual([1, 2, 5, 11, 14, 58, 21]);
    expect(jt.sum).toBe(112);
    expect([jt.first!.year, jt.last!.year]).toEqual([2019, 2025]);
    // the most: 自然资源与生态环境局 2019–2024, 3 + 9 + 18 + 30 + 19 + 69
    const top = applicationsByAgency(rows)[0];
    expect(top.key).toBe('平潭综合实验区自然资源与生态环境局');
    expect(top.sum).toBe(148);
  });

  it('counts only the report\'s own arithmetic: an extractor-only failure (extract.unique_split) is not the report\'s error', () => {
    expect(isArithmetic('extract.unique_split')).toBe(false);
    expect(isArithmetic('t3.balance')).toBe(true);
    const js = arithmeticByAgency(rows, failed).find((a) => a.key === '平潭综合实验区君山片区管理局')!;
    // 2019 fails only extract.unique_split; 2020 prints 本年新收 2 against （七）总计 0 (t3.balance, t3.results_sum)
    expect(js.within.map((r) => r.id)).toContain('pingtan_102_junshan_2020');
    expect(js.within.map((r) => r.id)).not.toContain('pingtan_101_junshan_2019');
  });

  it('writes its sentences from the data, each single-report number linking to its cell', () => {
    const story = homeStory(rows, failed, '/');
    const first = story[0];
    expect(first).toContainEqual({ text: '平潭综合实验区自然资源与生态环境局', href: `/agency/?key=${encodeURIComponent('平潭综合实验区自然资源与生态环境局')}` });
    expect(first.filter((p) => typeof p === 'string').join('')).toContain('合计 148 件');
    expect(first).toContainEqual({ text: '3 件', href: '/report/?id=pingtan_207_ziranziyuan_2019#cell=t3.new%5B6%5D' });
    expect(first).toContainEqual({ text: '69 件', href: '/report/?id=pingtan_212_ziranziyuan_2024#cell=t3.new%5B6%5D' });
  });

  it('every chart has a data table, and the top-applications table links each year to its report', () => {
    const charts = buildHomeCharts(rows, failed, '/');
    expect(charts.map((c) => c.id)).toEqual(['top-applications', 'applications-by-year', 'outcome-mix', 'arithmetic-failures', 'reports-by-year', 'review-correction']);
    const top = charts[0];
    const jt = top.rows.find((r) => (r[0] as any).text === JT)!;
    expect(jt[1]).toBe(112);
    expect(jt[top.columns.indexOf('2024年')]).toEqual({ text: '58', href: '/report/?id=pingtan_178_jiaotongjianshe_2024#cell=t3.new%5B6%5D' });
    for (const c of charts) expect(c.rows.length, c.id).toBeGreaterThan(0);
  });
});

describe('the home page stays bounded for a national corpus', () => {
  // SYNTHETIC: the real rows copied under 9 made-up agency keys each (labelled 合成副本), 9 × 23 agencies
  const copies = 9;
  const many = Array.from({ length: copies }, (_, i) => rows.map((r) => ({ ...r, id: `${r.id}_c${i}`, agency_key: `${r.agency_key}（合成副本${i}）` }))).flat();
  const manyFailed = Array.from({ length: copies }, (_, i) => failed.map((c) => ({ ...c, report_id: `${c.report_id}_c${i}` }))).flat();
  const charts = buildHomeCharts(many, manyFailed, '/');
  const of = (id: string) => charts.find((c) => c.id === id)!;

  it('lists the first HOME_ROWS agencies in a table and says how many there are', () => {
    const agencies = applicationsByAgency(many).length;
    expect(agencies).toBeGreaterThan(HOME_ROWS);
    expect(of('top-applications').rows).toHaveLength(HOME_ROWS);
    expect(of('top-applications').note).toContain(`共 ${agencies} 个机关填报，图中显示前 10 个，数据表列前 ${HOME_ROWS} 个`);
    // the first rows are the largest sums, as with the full list
    expect(of('top-applications').rows[0][1]).toBe(applicationsByAgency(many)[0].sum);
  });

  it('draws the first HOME_BARS failing agencies and keeps the count of all of them', () => {
    const ar = arithmeticByAgency(many, manyFailed);
    expect(ar.length).toBeGreaterThan(HOME_ROWS);
    const c = of('arithmetic-failures');
    expect(c.bars).toHaveLength(HOME_BARS);
    expect(c.rows).toHaveLength(HOME_ROWS);
    expect(c.note).toContain(`共 ${ar.reduce((n, a) => n + a.within.length, 0)} 份报告`);
    expect(c.note).toContain(`共 ${ar.length} 个机关有未通过的校验，图中显示前 ${HOME_BARS} 个，数据表列前 ${HOME_ROWS} 个`);
    expect(c.description).toContain(`共 ${ar.length} 个机关，以上为前 ${HOME_BARS} 个`);
  });

  it('a corpus with fewer agencies than the bounds shows them all, with no note about the rest', () => {
    const small = buildHomeCharts(rows, failed, '/');
    expect(small.find((c) => c.id === 'top-applications')!.rows).toHaveLength(applicationsByAgency(rows).length);
    expect(small.find((c) => c.id === 'arithmetic-failures')!.bars).toHaveLength(arithmeticByAgency(rows, failed).length);
    for (const c of small) expect(c.note ?? '').not.toContain('数据表列前');
  });
});

describe('agency series from the real reports', () => {
  const jt = agencyReports(rows, JT);
  it('one point per year and series where printed; blank years have none', () => {
    expect(jt.map((r) => r.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    const flow = points(TIME_CHART.flow, jt);
    expect(flow.filter((p) => p.series === '本年新收').map((p) => p.value)).toEqual([1, 2, 5, 11, 14, 58, 21]);
    // 行政规范性文件 现行有效: no column in the 2019 template; 2023–2025 run together in the text (null + ambiguous)
    expect(points(TIME_CHART.normative, jt).map((p) => [p.year, p.value])).toEqual([[2021, 12], [2022, 16]]);
    const tw = twinRows(TIME_CHART.normative, jt);
    expect(tw.rows.map((r) => r[1].text)).toEqual(['', '', '12', '16', '', '', '']);
    expect(tw.rows[2][1]).toEqual({ text: '12', id: 'pingtan_175_jiaotongjianshe_2021', cell: 't2.normative.valid' });
  });

  it('reads a failing cross-year check\'s other report from its cells', () => {
    // 经济发展局 2022: 2021's 现行有效 5 + 2022's 制发 5 − 废止 0 = 10, but 2022 prints 现行有效 5
    const jj = agencyReports(rows, '平潭综合实验区经济发展局');
    const [y21, y22] = [jj.find((r) => r.year === 2021)!, jj.find((r) => r.year === 2022)!];
    expect(y21.t2_normative_valid + y22.t2_normative_made - y22.t2_normative_repealed).toBe(10);
    expect(y22.t2_normative_valid).toBe(5);
    const check = { report_id: y22.id, rule: 'cross.valid_count', scope: '行政规范性文件', status: 'fail', expected: 10, actual: 5,
      cells: JSON.stringify(['t2.normative.valid', `${y21.id}#t2.normative.valid`, 't2.normative.made', 't2.normative.repealed']), detail: '' };
    const pass = { ...check, status: 'pass' };
    const other = { ...check, report_id: 'pingtan_207_ziranziyuan_2019' };
    const out = crossFailures([check, pass, other], jj);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ other_id: y21.id, other_path: 't2.normative.valid', own_path: 't2.normative.valid' });
  });
});
