import { describe, expect, it } from 'vitest';
import type { ReportRecord } from '../template/record.ts';
import { fixtureInput, FIXTURES, withProse } from './fixtures.ts';
import { narrativeFindings, statedFigures } from './narrative.ts';
import type { Finding, FindingInput } from './types.ts';

const spanText = (x: FindingInput, e: { line: number; start: number; end: number }) => x.text.split('\n')[e.line]!.slice(e.start, e.end);

describe('narrative vs table on the bundled corpus', () => {
  it('君山片区 2022: "未收到依申请公开事宜" while 本机关不掌握 = 5 (a real contradiction)', () => {
    const x = fixtureInput('pingtan_001_junshan-pianqu_2022');
    const fs = narrativeFindings(x);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.rule).toBe('narrative.none_received');
    expect(f.severity).toBe('high');
    expect(f.message).toContain('5件');
    const [n, ...cells] = f.evidence;
    expect(n).toMatchObject({ kind: 'narrative', text: '2022年未收到依申请公开事宜', line: 9 });
    expect(spanText(x, n!)).toBe('2022年未收到依申请公开事宜');
    expect(cells.map((c) => c.cell)).toEqual(['t3.new[6]', 't3.carried[6]', 't3.unable_no_info[6]']);
    const unable = cells.find((c) => c.cell === 't3.unable_no_info[6]')!;
    expect(unable.text).toBe('3000025'); // the row's printed run (3,0,0,0,0,2,5)
    expect(spanText(x, unable)).toBe('3000025');
  });

  it('the other eight reports state nothing the tables contradict', () => {
    // 段村乡 "全年未收到公民申请公开要求", 赵岗镇 "受理、办理依申请公开申请 0 件", 旅游局 "未收到信息公开申请" and
    // "行政许可类信息3条" (a category of published items, not 行政许可 decisions = 15), 市场监管局 "行政许可类37条",
    // 国资局 "行政法规、规章和规范性文件7条".
    for (const name of FIXTURES.filter((n) => n !== 'pingtan_001_junshan-pianqu_2022')) {
      expect(narrativeFindings(fixtureInput(name)), name).toEqual([]);
    }
  });

  it('reads the figures those reports do state', () => {
    const zhao = fixtureInput('003_17bc6c5624a3c32d');
    expect(statedFigures('2023 年度，我镇受理、办理依申请公开申请 0 件', 2023)).toMatchObject([{ measure: 'app_received_or_handled', value: 0, exact: true }]);
    expect(zhao.record.t3.new![6]).toBe(0);
    expect(statedFigures('全年未收到公民申请公开要求', 2023)).toMatchObject([{ measure: 'app_received', value: 0, negation: true, col: 0 }]);
    expect(statedFigures('2019年，主动公开政府信息215条，其中机构职能类7条，政策规范性文件类7条，规划计划类7条，行政许可类37条，行政处罚类103条', 2019)).toEqual([]);
    expect(statedFigures('其中机构职能类信息1条，政策、规范性文件信息4条，行政许可类信息3条', 2019)).toEqual([]);
  });
});

/** Tricky sentences on a real record (段村乡 2023, all-zero tables) with table 三/四 values set for the case. */
describe('precision: sentences that must not be flagged, and their near misses that must', () => {
  const base = fixtureInput('000_fec3dc6b6efa534b');
  const set = (r: ReportRecord, row: string, total: number) => { r.t3[row] = [total, 0, 0, 0, 0, 0, total]; };
  const big = (r: ReportRecord) => { set(r, 'new', 3259); set(r, 'carried', 19); set(r, 'granted', 3278); set(r, 'total', 3278); set(r, 'carry_forward', 0); };
  const run = (prose: string, patch?: (r: ReportRecord) => void): Finding[] => narrativeFindings(withProse(base, prose, patch));

  it('two figures in one sentence: 受理 = 新收, 答复 = 总计', () => {
    expect(run('全年共受理政府信息公开申请3259件，答复3278件。', big)).toEqual([]);
    const fs = run('全年共受理政府信息公开申请3259件，答复3270件。', big);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'narrative.figure_mismatch' });
    expect(fs[0]!.evidence[0]!.text).toBe('答复3270件');
    expect(fs[0]!.message).toContain('3278');
  });

  it('受理 may mean 新收 + 上年结转', () => {
    expect(run('全年共受理政府信息公开申请3278件。', big)).toEqual([]);
    expect(run('全年共受理政府信息公开申请3300件。', big)).toHaveLength(1);
  });

  it('余/多/约/ranges are never contradictions', () => {
    expect(run('全年共收到政府信息公开申请3000余件。', big)).toEqual([]);
    expect(run('全年共收到政府信息公开申请约3000件。', big)).toEqual([]);
    expect(run('收到政府信息公开申请3000-3500件。', big)).toEqual([]);
    expect(run('收到政府信息公开申请3000件左右。', big)).toEqual([]);
    expect(run('主动公开政府信息5500余条。', big)).toEqual([]);
  });

  it('figures for another year, or year-on-year changes, are not this year\'s cells', () => {
    expect(run('2022年受理政府信息公开申请10件，2023年受理3259件。', big)).toEqual([]);
    expect(run('2022年受理政府信息公开申请10件。', big)).toEqual([]);
    expect(run('2023年受理政府信息公开申请10件。', big)).toHaveLength(1);
    expect(run('受理政府信息公开申请3259件，较上年增加12件。', big)).toEqual([]);
    expect(run('去年收到政府信息公开申请10件。', big)).toEqual([]);
  });

  it('another unit, or counts of other things, are not compared', () => {
    expect(run('受理政府信息公开申请12人次。', big)).toEqual([]);
    expect(run('接到群众来电咨询信息公开申请事宜45件。', big)).toEqual([]);
    expect(run('按时答复率100%。', big)).toEqual([]);
  });

  it('subsets of the applications (by channel, subject, period) and other quantities are not the totals', () => {
    expect(run('全年共受理政府信息公开申请3259件，其中通过网络申请3000件，信函申请259件。', big)).toEqual([]);
    expect(run('涉及征地拆迁类申请1200件，涉及社会保障类申请800件。', big)).toEqual([]);
    expect(run('全年共受理依申请公开3259件，受理政务服务事项12000件。', big)).toEqual([]);
    expect(run('第一季度收到政府信息公开申请800件。', big)).toEqual([]);
    expect(run('截至2023年12月31日，共收到政府信息公开申请3259件。', big)).toEqual([]);
    // by applicant: 自然人 is table 三's first column
    expect(run('全年共收到政府信息公开申请3259件，其中自然人申请3259件。', big)).toEqual([]);
    const fs = run('全年共收到政府信息公开申请3259件，其中自然人申请3000件。', big);
    expect(fs.map((f) => f.evidence[1]!.cell)).toEqual(['t3.new[0]']);
  });

  it('wording from published reports: aggregates over agencies, half-years and 信息 counts are left out', () => {
    // 2022 district summary (pages corpus): all agencies of the district, not one agency's table
    expect(run('2022年，全区各职能部门、镇街共收到政府信息依申请公开1499件。其中，通过网络申请1303件，占86.92%；通过信函申请172件，占11.47%。', big)).toEqual([]);
    // 上海普陀 2022 half-year statistics (www.shpt.gov.cn): the second figure inherits 全区/上半年
    expect(run('2022年上半年，全区各行政机关共受理政府信息公开申请267件，答复263件，申请量比2021年同期上升1.52%。', big)).toEqual([]);
    expect(run('2023年，全区共发生涉及政府信息公开的行政诉讼案件2件，被纠错0件。', big)).toEqual([]);
    // 厦门湖里 2018: 依申请公开信息459条 counts information items, not applications
    expect(run('2023年，共制作政府信息3021条，其中主动公开信息1027条，依申请公开信息459条，不予公开信息1535条。', big)).toEqual([]);
    // 上海市 2022: 规章 and 规范性文件 counted as published (主动公开), not table 二
    expect(run('主动公开市政府规章13件（含新制定5件，修改4件，废止4件），主动公开市政府和市政府办公厅行政规范性文件42件。', (r) => { big(r); r.t2.normative = { made: 1, repealed: 0, valid: 2 }; r.t2.regulations = { made: 0, repealed: 0, valid: 0 }; })).toEqual([]);
    // the same agency-level wording with 包括上年结转 is compared
    expect(run('共完成政府信息公开申请答复3278件，包括上年结转信息公开申请19件。', big)).toEqual([]);
    expect(run('共完成政府信息公开申请答复3278件，包括上年结转信息公开申请30件。', big).map((f) => f.evidence[1]!.cell)).toEqual(['t3.carried[6]']);
    expect(run('共完成政府信息公开申请答复3000件，包括上年结转信息公开申请19件。', big).map((f) => f.evidence[1]!.cell)).toEqual(['t3.total[6]']);
  });

  it('主动公开 category counts are not table 二 decisions', () => {
    const lic = (r: ReportRecord) => { r.t2.licensing = 0; };
    expect(run('主动公开政府信息215条，其中行政许可类37条，行政处罚类103条。', lic)).toEqual([]);
    expect(run('主动公开政策、规范性文件信息4条。', lic)).toEqual([]);
  });

  it('Chinese numerals', () => {
    const three = (r: ReportRecord) => { set(r, 'new', 3); set(r, 'carried', 0); set(r, 'granted', 3); set(r, 'total', 3); };
    expect(run('全年共收到政府信息公开申请三件，均已按时答复。', three)).toEqual([]);
    const fs = run('全年共收到政府信息公开申请十二件。', three);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.message).toContain('12');
  });

  it('上年结转 and 结转下年度', () => {
    const c = (r: ReportRecord) => { set(r, 'new', 100); set(r, 'carried', 34); set(r, 'granted', 31); set(r, 'total', 31); set(r, 'carry_forward', 103); };
    expect(run('上年结转34件，结转下年度103件。', c)).toEqual([]);
    const fs = run('上年结转30件，结转下年度103件。', c);
    expect(fs.map((f) => f.evidence.map((e) => e.cell ?? e.text))).toEqual([['上年结转30件', 't3.carried[6]']]);
  });

  it('行政复议 total and outcomes after 其中', () => {
    const t4 = (r: ReportRecord) => { r.t4 = [2, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; };
    expect(run('因政府信息公开被申请行政复议3件，其中结果维持2件，结果纠正1件。', t4)).toEqual([]);
    const fs = run('因政府信息公开被申请行政复议3件，其中结果维持1件，结果纠正1件。', t4);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence[1]!.cell).toBe('t4[0]');
    expect(run('未发生因政府信息公开引起的行政复议、行政诉讼。', t4)).toHaveLength(1);
    expect(run('未发生因政府信息公开引起的行政诉讼。', t4)).toEqual([]);
  });

  it('现行有效行政规范性文件', () => {
    const n = (r: ReportRecord) => { r.t2.normative = { made: 5, repealed: 1, valid: 393 }; };
    expect(run('截至年底，现行有效行政规范性文件393件。', n)).toEqual([]);
    expect(run('截至年底，现行有效行政规范性文件390件。', n)).toHaveLength(1);
    expect(run('本年度制发行政规范性文件5件，废止1件，现行有效393件。', n)).toEqual([]);
    expect(run('本年度制发行政规范性文件5件，废止2件，现行有效393件。', n).map((f) => f.evidence[1]!.cell)).toEqual(['t2.normative.repealed']);
    expect(run('本年度制发行政规范性文件5件，其中涉及民生1件。', n)).toEqual([]);
  });

  it('未收到 qualified by applicant type, or about other things, is not "no applications"', () => {
    const nat = (r: ReportRecord) => { set(r, 'new', 2); set(r, 'granted', 2); set(r, 'total', 2); r.t3.new = [2, 0, 0, 0, 0, 0, 2]; };
    expect(run('本年度未收到法人或其他组织的政府信息公开申请。', nat)).toEqual([]);
    expect(run('本年度未收到行政复议申请。', nat)).toEqual([]);
    expect(run('本年度未收到对政府信息公开工作的投诉举报。', nat)).toEqual([]);
    expect(run('本年度未收到政府信息公开申请。', nat).map((f) => f.rule)).toEqual(['narrative.none_received']);
    expect(run('2022年未收到政府信息公开申请。', nat)).toEqual([]); // another year (report year 2023)
    expect(run('第一季度未收到政府信息公开申请。', nat)).toEqual([]); // a part of the year
  });

  it('a figure resting on a cell the extractor could not settle is not compared', () => {
    const amb = (r: ReportRecord) => { big(r); r.ambiguous = ['t3.new[6]']; };
    expect(run('全年共受理政府信息公开申请3300件。', amb)).toEqual([]);
  });

  it('a blank cell is not a 0', () => {
    const blank = (r: ReportRecord) => { big(r); r.t3.carried = [null, null, null, null, null, null, null]; };
    expect(run('全年共受理政府信息公开申请3300件。', blank)).toEqual([]);
  });
});
