import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agencyFromTitle, extractMetadata, levelOf, parseDate, parseYear } from './metadata.ts';
import { normaliseText } from '../text/normalise.ts';

const root = join(import.meta.dirname, '..', '..');
const report = (f: string) => readFileSync(join(root, 'data/reports', f), 'utf8');
const expected = (f: string) =>
  JSON.parse(readFileSync(join(root, 'tests/fixtures/expected', f.replace(/\.(txt|html)$/, '.expected.json')), 'utf8')) as { agency: string; year: number };

/** The normalisation the extractor applies (full-width ASCII → half-width, wide spaces → space); 1:1. */
const normalise = (s: string) =>
  s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

// Values read off each report by hand (agency/year come from the expected records).
const CASES: Array<{
  file: string; level: string; parents: string[]; published: string | null; phone: string | null;
  yearBasis: string; span: { line: number; start: number; end: number };
}> = [
  { file: '000_fec3dc6b6efa534b.txt', level: 'township', parents: [], published: null, phone: null, yearBasis: 'title', span: { line: 2, start: 0, end: 7 } },
  { file: '001_f9e7c90898d0e983.txt', level: 'township', parents: [], published: null, phone: null, yearBasis: 'title', span: { line: 0, start: 0, end: 4 } },
  // 定安县: "严格按照定安县政务公开相关文件的要求" — the only county the text ties to the town.
  { file: '002_425035603a0bba90.txt', level: 'township', parents: ['定安县'], published: null, phone: null, yearBasis: 'title', span: { line: 0, start: 0, end: 7 } },
  { file: '003_17bc6c5624a3c32d.txt', level: 'township', parents: ['封丘县'], published: null, phone: null, yearBasis: 'title', span: { line: 2, start: 0, end: 6 } },
  // 新源县 from the signature 新源县别斯托别乡人民政府; date under it.
  { file: '004_51f69ccf0222012c.txt', level: 'township', parents: ['新源县'], published: '2024-01-19', phone: '0999-5027300', yearBasis: 'title', span: { line: 2, start: 0, end: 5 } },
  // 片区管理局 of 平潭综合实验区: township-level (SOURCES-pingtan.md).
  { file: 'pingtan_001_junshan-pianqu_2022.txt', level: 'township', parents: ['平潭综合实验区'], published: '2023-01-09', phone: '0591-23107633', yearBasis: 'title', span: { line: 0, start: 4, end: 18 } },
  // Header 发布时间 2020-01-06 (the signature says 2020年1月2日); phone printed without area code.
  { file: 'pingtan_002_pingtan-lvyou-wenti-ju_2019.txt', level: 'department', parents: ['平潭综合实验区'], published: '2020-01-06', phone: '24336542', yearBasis: 'title', span: { line: 0, start: 4, end: 19 } },
  { file: 'pingtan_003_pingtan-shichang-jianguan-ju_2019.txt', level: 'department', parents: ['平潭综合实验区'], published: '2020-01-13', phone: '0591-23163581', yearBasis: 'title', span: { line: 0, start: 4, end: 18 } },
  // 电话：0591-2316076 is one digit short as printed; kept as printed (传真 0591-23160633 is not the phone).
  { file: 'pingtan_004_pingtan-guoziju_2019.txt', level: 'department', parents: ['平潭综合实验区'], published: '2020-01-10', phone: '0591-2316076', yearBasis: 'title', span: { line: 0, start: 4, end: 18 } },
];

describe('extractMetadata on the bundled reports', () => {
  for (const c of CASES) {
    it(c.file, () => {
      const raw = report(c.file);
      const exp = expected(c.file);
      for (const text of [raw, normalise(raw)]) {
        const m = extractMetadata(text);
        expect(m.agency).toBe(exp.agency);
        expect(m.year).toBe(exp.year);
        expect(m.yearBasis).toBe(c.yearBasis);
        expect(m.level).toBe(c.level);
        expect(m.parents).toEqual(c.parents);
        expect(m.published).toBe(c.published);
        expect(m.phone).toBe(c.phone);
        expect(m.agencySpan).toEqual(c.span);
        // The span points at the agency as printed (spaces inside allowed).
        const line = text.split('\n')[c.span.line]!;
        expect(line.slice(c.span.start, c.span.end).replace(/\s+/g, '')).toBe(exp.agency);
      }
    });
  }

  // The two HTML pages, with the page's own metadata as a reader would pass it (tags crudely stripped here).
  for (const f of ['pingtan_005_junshan-pianqu_2022.html', 'pingtan_006_pingtan-lvyou-wenti-ju_2019.html']) {
    it(`${f} (title and date from the page's meta)`, () => {
      const html = report(f);
      const meta = (n: string) => html.match(new RegExp(`<meta name="${n}" content="([^"]*)"`))?.[1];
      const text = html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<[^>]+>/g, '\n').replace(/&nbsp;/g, ' ');
      const exp = expected(f.replace(/^pingtan_005_/, 'pingtan_001_').replace(/^pingtan_006_/, 'pingtan_002_'));
      const m = extractMetadata(text, { title: meta('ArticleTitle'), published: meta('PubDate') });
      expect(m.agency).toBe(exp.agency);
      expect(m.agencyBasis).toBe('opts.title');
      expect(m.year).toBe(exp.year);
      expect(m.published).toBe(f.startsWith('pingtan_005') ? '2023-01-09' : '2020-01-06');
      expect(m.publishedBasis).toBe('opts');
      expect(m.agencySpan).not.toBeNull();
      // Without the meta: the page title inside the body, and the signature date.
      const bare = extractMetadata(text);
      expect(bare.agency).toBe(exp.agency);
      expect(bare.agencyBasis).toBe('page-title');
      expect(bare.published).toBe(f.startsWith('pingtan_005') ? '2023-01-09' : '2020-01-02');
      expect(bare.publishedBasis).toBe('signature');
    });
  }
});

describe('agencyFromTitle', () => {
  it.each([
    ['段村乡人民政府 2023 年政府信息公开工作年度报告', '段村乡人民政府'],
    ['车排子镇政府信息公开工作2023年度报告', '车排子镇'],
    ['封丘县赵岗镇 2023 年政府信息公开工作年度报告', '封丘县赵岗镇'],
    ['别斯托别乡 2023 年度政府信息公开 工作年度报告', '别斯托别乡'],
    ['某某镇人民政府二〇二三年政府信息公开工作年度报告', '某某镇人民政府'],
    ['某某县人民政府信息公开工作年度报告', '某某县人民政府'],
    ['关于印发《某某县财政局2023年政府信息公开工作年度报告》的通知', '某某县财政局'],
    ['某某县人民政府办公室关于印发2023年度政府信息公开工作年度报告的通知', '某某县人民政府办公室'],
    ['某某县财政局关于2023年政府信息公开工作年度报告', '某某县财政局'],
    ['上海市人民政府办公厅2023年政务公开工作年度报告', '上海市人民政府办公厅'],
    ['封 丘 县 赵岗镇2023年政府信息公开工作年度报告', '封丘县赵岗镇'],
    ['2023年度某某镇政府信息公开工作年度报告', '某某镇'],
    ['平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函', '平潭综合实验区苏平片区管理局'],
    ['平潭综合实验区自然资源与生态环境局2021年度政府信息公开工作报告', '平潭综合实验区自然资源与生态环境局'],
    // The first line of a real flipbook page (tests/fixtures/real/100): the viewer's "Page 8 - " is not part of the name.
    ['Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告', '威海市文登区信访局'],
    // The first line of a real page (tests/fixtures/real/235): a metadata label spaced out, 标      题, then the title.
    ['标      题 西藏自治区审计厅2025年政务信息公开工作开展年度报告', '西藏自治区审计厅'],
  ])('%s → %s', (title, agency) => {
    expect(agencyFromTitle(title)).toBe(agency);
  });

  it('gives null when the title starts with the year (agency on the line before)', () => {
    expect(agencyFromTitle('2023年度信息公开工作年度报告')).toBeNull();
    expect(agencyFromTitle('2023年度政府信息公开工作年度报告')).toBeNull();
  });

  it('does not take a sentence for a name', () => {
    expect(agencyFromTitle('根据《中华人民共和国政府信息公开条例》要求，编制本年度报告。')).toBeNull();
  });
});

describe('extractMetadata on a page whose converter left pinyin in brackets', () => {
  it('236: 數(shù)據(jù)的統(tǒng)計時限為2021年1月1日… → year 2021 from the statistical period', () => {
    const raw = readFileSync(join(root, 'tests/fixtures/real/236_shaanxi_fenghuang-zhen-zhashui_2021.txt'), 'utf8');
    expect(raw).toContain('統(tǒng)計時限為2021年1月1日');
    const m = extractMetadata(normaliseText(raw));
    expect([m.year, m.yearBasis]).toEqual([2021, 'statistical-period']);
  });
});

describe('extractMetadata, constructed cases', () => {
  it('reads a title split over two lines and a Chinese-numeral year', () => {
    const m = extractMetadata('\n某某镇人民政府\n二〇二三年度政府信息公开工作年度报告\n一、总体情况\n……');
    expect(m.agency).toBe('某某镇人民政府');
    expect(m.agencySpan).toEqual({ line: 1, start: 0, end: 7 });
    expect(m.year).toBe(2023);
    expect(m.level).toBe('township');
  });

  it('takes no title from a leading paragraph; falls back to the signature', () => {
    const m = extractMetadata('根据《中华人民共和国政府信息公开条例》要求，结合工作实际，编制本年度报告。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n六、其他需要报告的事项\n无。\n某某镇人民政府\n2024年1月5日\n');
    expect([m.agency, m.agencyBasis, m.year, m.yearBasis, m.published]).toEqual(['某某镇人民政府', 'signature', 2023, 'statistical-period', '2024-01-05']);
  });

  it('unwraps 关于印发…的通知 and classes a county bureau as a department under its county', () => {
    const m = extractMetadata('关于印发《某某县财政局2023年政府信息公开工作年度报告》的通知\n各有关单位：\n');
    expect(m.agency).toBe('某某县财政局');
    expect(m.year).toBe(2023);
    expect(m.level).toBe('department');
    expect(m.parents).toEqual(['某某县']);
  });

  it('classes 上海市人民政府办公厅 as a department of 上海市', () => {
    const m = extractMetadata('上海市人民政府办公厅2023年政务公开工作年度报告\n');
    expect(m.agency).toBe('上海市人民政府办公厅');
    expect(m.level).toBe('department');
    expect(m.parents).toEqual(['上海市']);
  });

  it('takes the year from the statistical period when the title has none, else publication year − 1', () => {
    const a = extractMetadata('某某镇人民政府政府信息公开工作年度报告\n本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n');
    expect([a.agency, a.year, a.yearBasis]).toEqual(['某某镇人民政府', 2022, 'statistical-period']);
    const b = extractMetadata('某某镇人民政府政府信息公开工作年度报告\n正文\n\n某某镇人民政府\n二〇二四年一月十九日\n');
    expect([b.year, b.yearBasis, b.published, b.publishedBasis]).toEqual([2023, 'published-minus-one', '2024-01-19', 'signature']);
    const c = extractMetadata('某某镇人民政府政府信息公开工作年度报告\n正文\n');
    expect([c.year, c.yearBasis]).toEqual([null, 'none']);
  });

  it('takes the year from 截止YYYY年12月31日 when nothing else names it, and only when every such date names one year', () => {
    // real: tests/fixtures/real/217 (长春市, a department; the stored text has no title)
    const line = '(一)主动公开信息情况。本年度我局门户网站围绕市委、市政府的中心工作,不断充实政务公开内容,提高工作的透明度。及时按照要求将政策法规、重大项目完成情况、工作动态等信息第一时间在政府网站上发布。截止2023年12月31日我局通过官方网站发布政务类信息34条,概况类信息150条。';
    const a = extractMetadata(`一、总体情况\n${line}\n`);
    expect([a.year, a.yearBasis]).toEqual([2023, 'period-end']);
    const b = extractMetadata(`一、总体情况\n${line}\n截至2022年12月31日共有规范性文件3件。\n`);
    expect([b.year, b.yearBasis]).toEqual([null, 'none']);
  });

  it('takes the year from a contents line whose first part is that year\'s 总体情况, and not from a year that line only mentions', () => {
    // real: tests/fixtures/real/243 (易门县气象局, 云南); its 统计期限 prints 20231月1日 with no 年, which is not read
    const line = '本报告是根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于工作年度报告有关事项的通知》的要求,由云南省易门县气象局编制。全文包括:2023年度总体情况,主动公开政府信息情况,收到和处理政府信息公开申请情况,政府信息公开行政复议行政诉讼情况,存在的主要问题及改进情况,其他需要报告的事项等6项内容。';
    const period = ' 本报告中使用数据统计期限为20231月1日至12月31日。';
    const a = extractMetadata(`${line}\n\n${period}\n\n一、总体情况\n`);
    expect([a.year, a.yearBasis]).toEqual([2023, 'narrative']);
    const b = extractMetadata(`${period}\n\n一、总体情况\n`);
    expect([b.year, b.yearBasis]).toEqual([null, 'none']);
    // a year named inside the contents, not as the overview's: not the report's year
    const c = extractMetadata('全文包括:总体情况,2022年整改落实情况,主动公开政府信息情况等6项内容。\n一、总体情况\n');
    expect([c.year, c.yearBasis]).toEqual([null, 'none']);
  });

  it('does not take a year glued before the name into the agency (real 246, 湖口县大垅乡)', () => {
    const title = '2025湖口县大垅乡2025年度政府信息公开工作年度报告';
    expect(agencyFromTitle(title)).toBe('湖口县大垅乡');
    const m = extractMetadata(`${title}\n一、总体情况\n2025年,大垅乡坚持以习近平新时代中国特色社会主义思想为指导。\n`);
    expect([m.agency, m.year, m.level]).toEqual(['湖口县大垅乡', 2025, 'township']);
    // a name that only holds digits elsewhere keeps them
    expect(agencyFromTitle('某某县第2中学2024年政府信息公开工作年度报告')).toBe('某某县第2中学');
  });

  it('falls back to the signature, then to 发布机构, for the agency', () => {
    const s = extractMetadata('一、总体情况\n正文。\n\n新源县别斯托别乡人民政府\n\n2024年1月19日\n');
    expect([s.agency, s.agencyBasis, s.level, s.parents, s.published]).toEqual(['新源县别斯托别乡人民政府', 'signature', 'township', ['新源县'], '2024-01-19']);
    expect(s.agencySpan).toEqual({ line: 3, start: 0, end: 12 });
    const p = extractMetadata('发布机构: 某某县财政局\n一、总体情况\n正文。\n');
    expect([p.agency, p.agencyBasis, p.level]).toEqual(['某某县财政局', 'publisher', 'department']);
  });

  it('takes the phone after 电话, not the fax, and only with digits', () => {
    expect(extractMetadata('X镇2023年政府信息公开工作年度报告\n公开了受理时间和监督电话等。传真:0591-23100312;联系电话:0591-23107633').phone).toBe('0591-23107633');
    expect(extractMetadata('X镇2023年政府信息公开工作年度报告\n公开了监督电话等。').phone).toBeNull();
  });

  it('does not read a county named in passing as a parent; needs a relation (按照…/…县委…)', () => {
    const passing = extractMetadata('某某镇2023年政府信息公开工作年度报告\n我镇与封丘县交界。\n');
    expect(passing.parents).toEqual([]);
    const related = extractMetadata('某某镇2023年政府信息公开工作年度报告\n在封丘县委、县政府的领导下。\n');
    expect(related.parents).toEqual(['封丘县']);
    // Two different counties in relation phrases: none is taken.
    const two = extractMetadata('某某镇2023年政府信息公开工作年度报告\n按照封丘县要求，参照定安县政务公开做法。\n');
    expect(two.parents).toEqual([]);
  });
});

describe('a breadcrumb printed one segment a line is not the title (real lines)', () => {
  // The first lines of tests/fixtures/real/223 as stored: the trail's segments > 信息公开年度报告 and
  // > 乡镇信息公开年度报告 hold report words, but they name channels; the title is the line that names the town.
  const head = '当前页面:\n首页\n> 政务公开\n> 信息公开年度报告\n> 乡镇信息公开年度报告\n来源:杨林镇 发布时间:2024-03-26\n衡阳市衡东县杨林镇2023年政府信息公开年度报告\n(2024年3 月 26日)\n';
  it('223: > 乡镇信息公开年度报告 was read as the title (agency >乡镇); the title line gives 衡阳市衡东县杨林镇', () => {
    const m = extractMetadata(head);
    expect([m.agency, m.agencyBasis, m.year]).toEqual(['衡阳市衡东县杨林镇', 'title', 2023]);
    expect(m.agencySpan?.line).toBe(6);
  });
});

describe('levelOf', () => {
  it.each([
    ['段村乡人民政府', 'township'],
    ['北京市东城区东华门街道办事处', 'township'],
    ['平潭综合实验区君山片区管理局', 'township'],
    ['封丘县人民政府', 'county'],
    ['乌苏市人民政府', 'county'], // county-level city
    ['新乡市人民政府', 'city'],
    ['河南省人民政府', 'province'],
    ['上海市人民政府', 'province'],
    ['上海市人民政府办公厅', 'department'],
    ['某某县财政局', 'department'],
    ['某某县住房和城乡建设局', 'department'], // 城乡 is not a township
    ['某某县乡村振兴局', 'department'],
    ['平潭综合实验区市场监督管理局', 'department'],
    ['某某公司', 'unknown'],
  ])('%s → %s', (agency, level) => {
    expect(levelOf(agency)).toBe(level);
  });
});

describe('dates and years', () => {
  it('parses the forms reports use', () => {
    expect(parseDate('2023-01-09 10:07')).toBe('2023-01-09');
    expect(parseDate('2024年1月19日')).toBe('2024-01-19');
    expect(parseDate('二〇二四年十二月二十一日')).toBe('2024-12-21');
    expect(parseDate('2024年13月1日')).toBeNull();
    expect(parseYear('二〇二三')).toBe(2023);
    expect(parseYear('二○一九')).toBe(2019);
  });
});
