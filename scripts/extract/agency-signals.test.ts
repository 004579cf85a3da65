/**
 * The agency (and year) from every signal a real page carries, and a report kept when none names it.
 * Inputs are DERIVED from the bundled real reports in data/reports (named in each test): their own text with the
 * title taken out and the page furniture a government site adds put back (source lines, breadcrumbs, Traditional
 * characters, spaced titles). The numbers must stay exactly the hand-checked expected record's.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractReport } from './report.ts';
import { diffRecord, loadExpected } from './expected.ts';
import { fillAgency } from '../corpus/job.ts';
import type { ReportRecord } from '../template/record.ts';
import { gradeRecord } from './score.ts';

const reports = join(import.meta.dirname, '../../data/reports');
const real = (id: string) => readFileSync(join(reports, `${id}.txt`), 'utf8');
const extract = (text: string): ReportRecord => extractReport({ format: 'text', encoding: 'utf-8', text, origins: [], warnings: [] }, 'derived.txt');
/** The report without its title line (the line naming the report). */
const untitled = (text: string) => text.split('\n').filter((l) => !/信息公开\s*工作\s*(?:\d{4}\s*)?年度报告/.test(l)).join('\n');
/**
 * The report with every naming of its body taken out: no title line, and 段村乡 / 段村乡人民政府 in the narrative
 * (2023 年在县委、政府的正确领导下，段村乡认真贯彻落实…) written 我乡, as a report that never names itself reads.
 */
const nameless = (text: string) => untitled(text).replace(/段村乡(?:人民政府)?/g, '我乡');
/** Mismatches against the expected record, ignoring the agency (checked on its own). */
const numbersDiff = (rec: ReportRecord, id: string) => diffRecord(rec, { ...loadExpected(`${id}.expected.json`), agency: rec.agency });

// Traditional forms of the characters these reports use (the inverse of text/traditional.ts, for building inputs).
const TO_TRAD: Record<string, string> = { 乡: '鄉', 镇: '鎮', 县: '縣', 区: '區', 报: '報', 务: '務', 开: '開', 处: '處', 办: '辦', 总: '總', 结: '結', 转: '轉', 续: '續', 继: '繼', 规: '規', 范: '範', 数: '數', 项: '項', 许: '許', 罚: '罰', 强: '強', 费: '費', 复: '復', 议: '議', 诉: '訴', 讼: '訟', 请: '請', 机: '機', 关: '關', 属: '屬', 国: '國', 内: '內', 过: '過', 无: '無', 确: '確', 补: '補', 类: '類', 会: '會', 组: '組', 织: '織', 业: '業', 构: '構', 维: '維', 审: '審', 发: '發', 废: '廢', 现: '現', 执: '執', 际: '際', 营: '營', 险: '險', 护: '護', 权: '權' };
const traditional = (s: string) => [...s].map((c) => TO_TRAD[c] ?? c).join('');

describe('agency from page signals (derived from real reports)', () => {
  it('a 来源： line in the page chrome (000 段村乡, title removed)', () => {
    const text = `首页 | 政务公开 | 互动交流\n发布时间：2024-01-10  来源：段村乡人民政府  浏览次数：128\n${untitled(real('000_fec3dc6b6efa534b'))}`;
    const rec = extract(text);
    expect(rec.agency).toBe('段村乡人民政府');
    expect(rec.agency_basis).toBe('source-line');
    expect(numbersDiff(rec, '000_fec3dc6b6efa534b')).toEqual([]);
  });

  it('a breadcrumb naming the township (001 车排子镇, title removed)', () => {
    const text = `当前位置：首页 > 政务公开 > 乡镇(街道) > 车排子镇 > 政府信息公开年报\n${untitled(real('001_f9e7c90898d0e983'))}`;
    const rec = extract(text);
    expect(rec.agency).toBe('车排子镇');
    expect(rec.agency_basis).toBe('breadcrumb');
    expect(rec.level).toBe('township');
    expect(numbersDiff(rec, '001_f9e7c90898d0e983')).toEqual([]);
  });

  it('a breadcrumb that names only channels gives no agency', () => {
    const text = `当前位置：首页 > 政务公开 > 乡镇(街道) > 政府信息公开年报\n${nameless(real('000_fec3dc6b6efa534b'))}`;
    expect(extract(text).agency).toBeNull();
  });

  it('the whole page in Traditional characters (003 封丘县赵岗镇): same agency, same numbers', () => {
    const id = '003_17bc6c5624a3c32d';
    const text = traditional(real(id));
    expect(text).toContain('封丘縣赵岗鎮');
    const rec = extract(text);
    expect(rec.agency).toBe('封丘县赵岗镇');
    expect(rec.year).toBe(2023);
    expect(numbersDiff(rec, id)).toEqual([]);
  });

  it('a place name in Traditional characters is read in its Simplified form (real 244, 新余市渝水区 鵠山鎮)', () => {
    const rec = extract('鵠山鎮人民政府2024年政府信息公開工作年度報告\n一、總體情況\n');
    expect([rec.agency, rec.year]).toEqual(['鹄山镇人民政府', 2024]);
  });

  it('a title with stray spaces between every character (000 段村乡)', () => {
    const id = '000_fec3dc6b6efa534b';
    const text = real(id).replace('段村乡人民政府 2023 年政府信息公开工作年度报告', '段 村 乡 人 民 政 府 2023 年 政 府 信 息 公 开 工 作 年 度 报 告');
    const rec = extract(text);
    expect(rec.agency).toBe('段村乡人民政府');
    expect(rec.agency_basis).toBe('title');
    expect(numbersDiff(rec, id)).toEqual([]);
  });

  it('a title that names the report before the agency (001 车排子镇)', () => {
    const id = '001_f9e7c90898d0e983';
    const text = real(id).replace('车排子镇政府信息公开工作2023年度报告', '2023年度政府信息公开工作年度报告 车排子镇人民政府');
    expect(extract(text).agency).toBe('车排子镇人民政府');
  });

  it('X关于报送2020年度…年度报告的函: the sender is the agency (title of a real Pingtan page)', async () => {
    const { agencyFromTitle } = await import('./metadata.ts');
    expect(agencyFromTitle('平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函')).toBe('平潭综合实验区苏平片区管理局');
  });

  it('a …政务信息公开工作报告 title keeps 政务 out of the name (002 雷鸣镇)', () => {
    const id = '002_425035603a0bba90';
    const text = real(id).replace(/雷鸣镇人民政府\n2023年度信息公开工作年度报告/, '雷鸣镇2023年政务信息公开工作报告');
    expect(extract(text).agency).toBe('雷鸣镇');
  });
});

describe('a report whose text names no agency is kept (000 段村乡, title removed, its name in the narrative written 我乡)', () => {
  const id = '000_fec3dc6b6efa534b';
  const rec = extract(nameless(real(id)));
  it('keeps every number, agency null, with a warning', () => {
    expect(rec.agency).toBeNull();
    expect(rec.year).toBe(2023);
    expect(rec.warnings.some((w) => /reporting agency could not be identified/.test(w))).toBe(true);
    expect(numbersDiff(rec, id)).toEqual([]);
    expect(rec.t3.new).toEqual(loadExpected(`${id}.expected.json`).t3.new);
  });
  it('the corpus build fills it from the file name, flagged', () => {
    const r = structuredClone(rec);
    fillAgency(r, 'in/段村乡人民政府2023年政府信息公开工作年度报告.txt', null);
    expect(r.agency).toBe('段村乡人民政府');
    expect(r.agency_basis).toBe('file-name');
    expect(r.level).toBe('township');
    expect(r.warnings.at(-1)).toMatch(/taken from the file name/);
  });
  it('or from the page URL, flagged', () => {
    const r = structuredClone(rec);
    fillAgency(r, 'in/t20240110_1.htm', 'https://example.gov.cn/xxgk/%E6%AE%B5%E6%9D%91%E4%B9%A12023%E5%B9%B4%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.html');
    expect(r.agency).toBe('段村乡');
    expect(r.agency_basis).toBe('url');
  });
  it('and leaves it null when neither names one', () => {
    const r = structuredClone(rec);
    fillAgency(r, 'in/t20240110_1.htm', 'https://example.gov.cn/xxgk/t20240110_1.html');
    expect(r.agency).toBeNull();
  });
});

describe('a report cut off mid-document is read as far as it goes (000 段村乡, derived)', () => {
  const id = '000_fec3dc6b6efa534b';
  const full = real(id);
  const exp = loadExpected(`${id}.expected.json`);
  it('cut after table 二: its cells are read, table 三 and 四 are null and said to be missing', () => {
    const cut = full.slice(0, full.indexOf('三、收到和处理政府信息公开申请情况'));
    const rec = extract(cut);
    expect(rec.t2).toEqual(exp.t2);
    expect(Object.keys(rec.t3)).toEqual([]);
    expect(rec.t4.every((v) => v === null)).toBe(true);
    expect(rec.warnings).toContain('table 三 (依申请公开) not found');
    expect(rec.warnings).toContain('table 四 (行政复议、行政诉讼) not found');
  });
  it('cut inside table 三: the rows printed are read, the rest are null and named', () => {
    const at = full.indexOf('(四) 无法提供');
    expect(at).toBeGreaterThan(0);
    const rec = extract(full.slice(0, at));
    expect(rec.t3.new).toEqual(exp.t3.new);
    expect(rec.t3.granted).toEqual(exp.t3.granted);
    expect(rec.t3.unable_no_info).toBeUndefined();
    expect(rec.warnings.some((w) => /^table 三 row .*无法提供.*not found/.test(w) || /^table 三 row .*本机关不掌握.*not found/.test(w))).toBe(true);
    expect(gradeRecord(rec, exp).wrong).toEqual([]);
  });
});

describe('a report whose text names no year is kept (000 段村乡, derived: title removed, every "2023 年" read as 本年)', () => {
  const id = '000_fec3dc6b6efa534b';
  const rec = extract(untitled(real(id)).replace(/20\d\d\s*年/g, '本年'));
  it('keeps every number, year null, with a warning', () => {
    expect(rec.year).toBeNull();
    expect(rec.warnings.some((w) => /year the report covers could not be identified/.test(w))).toBe(true);
    expect(numbersDiff(rec, id).filter((d) => !d.startsWith('year:'))).toEqual([]);
  });
  it('the corpus build takes the year from a file name that writes it, flagged', async () => {
    const { fillYear } = await import('../corpus/job.ts');
    const r = structuredClone(rec);
    fillYear(r, 'in/段村乡人民政府2023年政府信息公开工作年度报告.txt', null);
    expect(r.year).toBe(2023);
    expect(r.warnings.at(-1)).toMatch(/year 2023 taken from the file name/);
  });
});

describe('years and names the narrative gives', () => {
  it('汇报我镇2023年政府信息公开工作 / 2020年报 / a text opening with 2025年, (derived from 000)', () => {
    const body = untitled(real('000_fec3dc6b6efa534b')).replace(/20\d\d\s*年/g, '本年');
    expect(extract(`现结合我镇实际汇报我镇2023年政府信息公开工作。\n${body}`).year).toBe(2023);
    expect(extract(`Page 9 - 2020年报_审计局\n${body}`).year).toBe(2020);
    expect(extract(`2025年,本镇紧扣公开透明的工作主线。\n${body}`).year).toBe(2025);
  });
  it('我镇 / …汇报我镇 / 现向社会公布X are never taken as the name', async () => {
    const { clean } = await import('./meta/agency.ts');
    for (const s of ['我镇', '我局', '存在的主要问题及改进情况及其他需要报告的事项等六个方面汇报我镇', '编制本报告现向社会公开安乐乡']) expect(clean(s), s).toBeNull();
    expect(clean('县政务公开办公室')).toBe('县政务公开办公室');
  });
});

describe('the subject of the opening sentence (derived from 000, title removed, its name written 我乡)', () => {
  it('2025年,朝外街道在… / 本年度,兴发乡严格依照… name the agency', () => {
    const body = nameless(real('000_fec3dc6b6efa534b'));
    const a = extract(`2025年,朝外街道在区委、区政府的正确领导下推进政务公开。\n${body}`);
    expect([a.agency, a.agency_basis]).toEqual(['朝外街道', 'narrative']);
    expect(extract(`本年度,兴发乡严格依照《中华人民共和国政府信息公开条例》。\n${body}`).agency).toBe('兴发乡');
    // A place that is not the subject of a verb is not taken.
    expect(extract(`2025年,朝外街道的群众满意度提升。\n${body}`).agency).toBeNull();
  });
  it('000 without its title still names itself: 2023 年在县委、政府的正确领导下，段村乡认真贯彻落实… (the fullest form printed: 段村乡人民政府信息公开工作仍存在…)', () => {
    const id = '000_fec3dc6b6efa534b';
    const rec = extract(untitled(real(id)));
    expect([rec.agency, rec.agency_basis]).toEqual(['段村乡人民政府', 'narrative+fullest-in-text']);
    expect(numbersDiff(rec, id)).toEqual([]);
  });
});
