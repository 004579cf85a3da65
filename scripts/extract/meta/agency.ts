/**
 * The reporting agency as the report names itself: from its title (header line, leading lines, the
 * container's title, a page title embedded in flattened text), else the signature before the date, page chrome
 * (来源 lines, breadcrumbs), the narrative (the report's name after a publishing verb, the opening sentence's
 * subject, a township paragraph's subject), and a township government named as compiler or contact.
 */
import { fold, lineColOf } from './spans.ts';
import { DATE, YEAR, YEAR_NIAN, parseDate } from './dates.ts';
import type { MetadataOptions } from '../metadata.ts';
import { levelOf } from './level.ts';
import { agreesWithSelf } from './fullest.ts';

// Built once (they were built per call). None is global, so sharing them keeps no state between uses.
// X关于报送/上报/印发…的函 (a cover letter sending or issuing the report) names X as well.
const ABOUT_SUBJECT = new RegExp(`^\\s*(?:报送|上报|呈报|提交|公布|发布|印发)?\\s*(?:${YEAR}|本机关|本单位|政府信息|信息公开|政务公开)`);
// (sic: in a template literal \s is a plain "s", so this is ^s*YEAR; kept as it always was.)
const AFTER_YEAR = new RegExp(`^\s*${YEAR}`);
const PAGE_TITLE = new RegExp(`(?:^|[\\s>])([\\u4e00-\\u9fa5()]{2,40}?)\\s*${YEAR}\\s*年度?\\s*(?:政府)?信息公开工作年度报告`, 'm');


/** A flipbook viewer's page prefix, spaces already removed (Page 8 - 威海市文登区信访局2022年… → Page8-). */
const FLIPBOOK_PAGE = /^Page\d+[-–—:]/i;

export const REPORT = /(信息公开|政务公开|政府信息).{0,16}(年度报告|年报|报告)|年度报告/;
/**
 * A title whose report words came out garbled (昌图县七家子镇2023年政府信息公开 工作告年度报): a name, the year and
 * 政府信息公开, with no sentence punctuation, is still the title line.
 */
const TITLE_STEM = /^[\u4e00-\u9fa5]{2,30}\d{4}年度?(?:政府)?信息公开[^，。；：,;:]*$/;

/**
 * The agency a report title names: the words before the year / before 政府信息公开… , with 关于 and
 * 关于印发《…》的通知 wrappers removed, e.g.
 * 段村乡人民政府 2023 年政府信息公开工作年度报告 → 段村乡人民政府; 车排子镇政府信息公开工作2023年度报告 → 车排子镇.
 * Returns null when the title starts with the year (the agency is on another line) or names none.
 */
export function agencyFromTitle(title: string): string | null {
  // Stray spaces inside a title (段 村 乡 人 民 政 府 2023 年 …) never separate words of a name.
  let t = fold(title).replace(/\s+/g, '');
  // A PDF flipbook viewer puts "Page 8 - " before the report title it repeats on every page.
  t = t.replace(FLIPBOOK_PAGE, '');
  // X关于印发《Y》的通知: the report's own title Y names the agency; else the issuer X.
  const wrap = t.match(/^(.*?)关于印发\s*[《<"“]?(.+?)[》>"”]?\s*的通知/);
  if (wrap) return agencyFromTitle(wrap[2]!) ?? clean(wrap[1]!);
  // X关于2023年…报告 (the agency writes "about its report"): X.
  const about = t.match(/^(.+?)关于(.*)$/);
  if (about) {
    if (clean(about[1]!) && ABOUT_SUBJECT.test(about[2]!)) return clean(about[1]!);
    if (!clean(about[1]!)) t = about[2]!;
  }
  t = t.replace(/^\s*关于/, '');
  const cuts: number[] = [];
  const y = t.match(YEAR_NIAN);
  if (y) cuts.push(y.index!);
  const info = t.indexOf('信息公开');
  if (info >= 0) {
    // 车排子镇政府信息公开 → 车排子镇 (政府 belongs to the subject); 段村乡人民政府信息公开 → keeps 人民政府.
    const gov = info >= 2 && t.slice(info - 2, info) === '政府' && t.slice(info - 4, info) !== '人民政府';
    // 某某镇政务信息公开工作报告: 政务 belongs to the subject too.
    const affairs = info >= 2 && t.slice(info - 2, info) === '政务';
    cuts.push(gov || affairs ? info - 2 : info);
  }
  for (const w of ['政务公开', '年度报告', '工作年报', '工作报告']) {
    const i = t.indexOf(w);
    if (i >= 0) cuts.push(i);
  }
  if (!cuts.length) return null;
  const cut = Math.min(...cuts);
  // A year glued before the name with no 年 (2025湖口县大垅乡2025年度…: a site's year prefix) is never part of it.
  const before = clean(t.slice(0, cut).replace(/^\d{4}(?=[\u4e00-\u9fa5])/, ''));
  if (before) return before;
  // Scrambled order: 2023年度政府信息公开工作年度报告某某镇人民政府 (the name after the report words).
  const tail = t.match(/(?:年度报告|工作年报|工作报告)(.+)$/);
  const trailing = tail ? clean(tail[1]!) : null;
  if (trailing && AGENCY_END.test(trailing)) return trailing;
  if (cut !== y?.index) return null;
  // 2023年度某某镇政府信息公开工作年度报告: the agency after the year.
  const after = t.slice(y.index! + y[0].length).replace(/^\s*度/, '');
  return after.trim() && !AFTER_YEAR.test(after) ? agencyFromTitle(after) : null;
}

export function clean(s: string): string | null {
  const out = s
    .replace(/\s+/g, '')
    // A page's chrome before a title: a metadata table's 标题 | cell (or 标      题 and a space, the spaces gone
    // here), a flipbook's "Page 2 -", a list bullet.
    .replace(/^(?:标题|题目|名称)[|｜:]*/, '')
    .replace(/^(?:Page\d+[-–—]+|[•·●▪■◆|｜\-–—]+)/i, '')
    .replace(/^[《<"“(\[【]+|[》>"”)\]】:,.、]+$/g, '')
    .replace(/^(?:关于|印发)+/, '')
    .replace(/(?:的|年度|本级|关于)+$/, '');
  // A sentence is not a name (根据《条例》…, 现将…).
  // (A table bar left in is a metadata table's cell boundary: 公开目录 | 政府信息公开年报 names no agency.)
  if (out.length < 2 || out.length > 40 || /[|｜]/.test(out) || !/[\u4e00-\u9fa5]{2}/.test(out) || /[。，,;；:：!?！？《》]/.test(out) || /^(?:根据|按照|依据|现将|为|本)/.test(out)) return null;
  // 我镇 / 该局 are not names, and a name holds no sentence words (…汇报我镇, 编制本报告现向社会公开安乐乡).
  if (/^(?:我|该|贵|其)/.test(out) || /报告|事项|情况|方面|汇报|社会公布|社会公开|编制|要求/.test(out)) return null;
  // A channel name (乡镇 / 街道 / 部门) names no agency.
  if (/^(?:乡镇|街道|乡镇街道|乡镇\(街道\)|部门|县直部门|市直部门|区直部门)$/.test(out)) return null;
  return out;
}

export interface Found { agency: string; line: number; start: number; basis: string; title?: string }

const HEADER_LINES = 15;
/** A line opened by a breadcrumb separator: one segment of a page's navigation trail. */
const BREADCRUMB_SEGMENT = /^\s*(?:>|＞|›|»|→|&gt;)/;
/** How an agency name ends (for the first line of a title split over two lines). */
const AGENCY_END = /(?:政府|乡|镇|街道|苏木|局|委|办|办公室|中心|委员会|办事处|管委会|厅|院|署|县|市|区|旗)$/;

export function header(lines: readonly string[], key: RegExp): { value: string; line: number; start: number } | null {
  for (let i = 0; i < Math.min(lines.length, HEADER_LINES); i++) {
    const m = lines[i]!.match(key);
    if (m && m[1]!.trim()) return { value: m[1]!.trim(), line: i, start: m.index! + m[0].indexOf(m[1]!) };
  }
  return null;
}

/** The report's title (header line, leading lines, opts.title, or an embedded page title). */
export function findTitleAgency(lines: readonly string[], folded: string, opts: MetadataOptions): Found | null {
  const h = header(lines, /^\s*标题\s*:\s*(.*\S)\s*$/);
  if (h) {
    const a = agencyFromTitle(h.value);
    if (a) return { agency: a, line: h.line, start: h.start, basis: 'header-title', title: h.value };
  }
  // A page's own title (HTML ArticleTitle / <title>, PDF/DOCX title) beats guessing from leading lines,
  // which in a page may be navigation. <title> often carries the site name after _ | - .
  if (opts.title) {
    const part = opts.title.split(/\s*(?:_|\||\s-\s|——)\s*/).find((x) => REPORT.test(x));
    const a = part ? agencyFromTitle(part) : null;
    if (a && part) return { agency: a, line: -1, start: 0, basis: 'opts.title', title: part };
  }
  // Leading lines: the first few non-empty lines; a title may be split over two lines
  // (雷鸣镇人民政府 / 2023年度信息公开工作年度报告).
  const nonEmpty: number[] = [];
  for (let i = 0; i < lines.length && nonEmpty.length < 8; i++) if (lines[i]!.trim()) nonEmpty.push(i);
  for (let k = 0; k < nonEmpty.length; k++) {
    const i = nonEmpty[k]!;
    const L = lines[i]!;
    if (/^\s*(?:标题|发布时间|发布机构|文号|栏目|原文链接|本地目录)\s*:/.test(L) || !(REPORT.test(L.replace(/\s+/g, '')) || TITLE_STEM.test(L.replace(/\s+/g, '')))) continue;
    // A breadcrumb printed one segment a line (> 信息公开年度报告 / > 乡镇信息公开年度报告) names a channel, not the report.
    if (BREADCRUMB_SEGMENT.test(L)) continue;
    if (L.trim().length > 80) break; // a paragraph, not a title
    const a = agencyFromTitle(L);
    if (a) return { agency: a, line: i, start: 0, basis: 'title', title: L };
    const p = k > 0 ? nonEmpty[k - 1]! : -1;
    if (p >= 0) {
      const P = lines[p]!;
      if (P.trim().length <= 40 && !/[。，;；]/.test(P) && !REPORT.test(P) && AGENCY_END.test(P.trim())) {
        const a2 = agencyFromTitle(P.trim() + L.trim());
        if (a2) return { agency: a2, line: p, start: 0, basis: 'title', title: P.trim() + L.trim() };
      }
    }
    // A page title naming no agency (关于2021年度…年度报告) may be repeated below the agency's own line: look on,
    // within the leading lines only.
    if (k >= 5) break;
  }
  // A page title embedded in flattened text (当前位置 … 平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告 时间：…).
  const head = folded.slice(0, 4000);
  const m = head.match(PAGE_TITLE);
  if (m) {
    const a = clean(m[1]!);
    if (a) {
      const off = m.index! + m[0].indexOf(m[1]!);
      const { line, col } = lineColOf(folded, off);
      return { agency: a, line, start: col, basis: 'page-title', title: m[0] };
    }
  }
  return null;
}

// Signature: an agency-like name followed by a date, near the end (own lines or flattened).
const SIGNATURE = new RegExp(
  `(?:^|[\\s。;；!！])([\\u4e00-\\u9fa5()]{2,40}?(?:人民政府|政府|办事处|局|委员会|办公室|办公厅|中心|管委会|乡|镇|街道))\\s*(${DATE.source})(?!\\s*(?:起|至|到|以来|前|后|印))`,
);

export function signature(folded: string): { agency: string; offset: number; date: string | null } | null {
  // After the last part's heading (a page may carry a long footer after the signature), else the last 2,000 characters.
  const six = folded.lastIndexOf('其他需要报告的事项');
  const from = six >= 0 ? six : Math.max(0, folded.length - 2000);
  const m = folded.slice(from).match(SIGNATURE);
  if (!m) return null;
  return { agency: m[1]!, offset: from + m.index! + m[0].indexOf(m[1]!), date: parseDate(m[2]!) };
}

// ---------------------------------------------------------------------------------------------
// Page chrome: source lines and breadcrumbs (a page copied from a government site carries them)

/** A name that can stand as the agency (not a site, a newspaper or a channel). */
function agencyLike(s: string | null): s is string {
  if (!s) return false;
  if (/网|站|报社|日报|新闻|频道|栏目|专栏|首页|本站|转载|未知|编辑|年报|报告|公开|部门|乡镇|街道办$|信息/.test(s) && !/(?:政府|局|委员会|办公室|办事处|管委会|乡|镇|街道)$/.test(s)) return false;
  if (/^(?:乡镇|街道|乡镇\(?街道\)?|部门|县直部门|市直部门|区直部门|镇街|政府信息公开|信息公开|政务公开)/.test(s)) return false;
  return AGENCY_END.test(s);
}

const SOURCE_LINE = /(?:文章来源|信息来源|稿件来源|来源单位|发布机构|发布单位|发文机关|发布部门|来源)\s*[:]\s*([\u4e00-\u9fa5()]{2,40})/;

/** `来源：某某镇人民政府` / `文章来源：` / `发布机构：` in the page's first lines (one line, or flattened chrome). */
export function sourceLineAgency(lines: readonly string[]): Found | null {
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const m = lines[i]!.match(SOURCE_LINE);
    if (!m) continue;
    const a = clean(m[1]!);
    if (agencyLike(a)) return { agency: a, line: i, start: m.index! + m[0].indexOf(m[1]!), basis: 'source-line' };
  }
  return null;
}

const BREADCRUMB = /(?:当前位置|您的位置|您现在的位置|所在位置|当前页面|位置)\s*[:]?\s*(.+)$/;

/** `当前位置：首页 > 政务公开 > 乡镇(街道) > 某某镇 > 年度报告`: the innermost segment that names an agency. */
export function breadcrumbAgency(lines: readonly string[]): Found | null {
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const m = lines[i]!.match(BREADCRUMB);
    if (!m || !/[>›»→]|&gt;/.test(m[1]!)) continue;
    const body = m[1]!;
    const segs = body.split(/\s*(?:>|›|»|→|&gt;)\s*/);
    for (let k = segs.length - 1; k >= 0; k--) {
      const seg = segs[k]!.trim().split(/\s+/)[0] ?? '';
      const a = clean(seg);
      if (agencyLike(a)) return { agency: a, line: i, start: lines[i]!.indexOf(seg), basis: 'breadcrumb' };
    }
  }
  return null;
}

// The narrative naming the agency before the year of its report: 现将某某镇2023年政府信息公开工作… / 某某局2023年度信息公开工作情况.
const NARRATIVE = new RegExp(
  `(?:^|[\\s。，,；;:])(?:现将|特?向社会公布|现公布)?([\\u4e00-\\u9fa5()]{2,30}?(?:人民政府|政府|办事处|局|委员会|办公室|管委会|乡|镇|街道))\\s*${YEAR}\\s*年度?\\s*(?:政府|政务)?信息公开`,
);
// The sentence's verb before the name it publishes: 现向社会公布龙口镇2022年…, 编制本报告现向社会公开安乐乡2019年…,
// 我乡编制了吉林市…人民政府2020年…, 全面总结西宁市…办事处2025年…. The last verb of the clause ends what is not the name.
// (Not a bare 编制: 机构编制委员会办公室 is a name.)
const PUBLISH_VERB = /^.*(?:现将|现予?公布|现向社会公布|现向社会公开|特向社会公布|向社会公布|向社会公开|编制了|全面总结|总结|汇报)/;
// A place's own report, published by name: 现公布桐梓县2022年政府信息公开工作年度报告. Only after a publishing verb and
// before the report's own name, as a place alone names a body nowhere else (根据某某县2022年…要点 is another text).
const PLACE_REPORT = new RegExp(
  `(?:现将|现予?公布|现向社会公布|现向社会公开|特向社会公布|编制了)([\\u4e00-\\u9fa5]{2,20}?(?:自治区|省|自治州|盟|市|自治县|县|区|旗))\\s*${YEAR}\\s*年度?\\s*(?:政府|政务)?信息公开(?:工作)?\\s*(?:年度)?\\s*(?:报告|年报)`,
);

// The subject of the opening sentence: 2025年,朝外街道在区委…的领导下 / 本年度,兴发乡严格依照… (a name, then its verb);
// an adverbial may stand between (2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实…), the comma may be left
// out (2020年两家子满族乡人民政府紧紧围绕…), and the verb may be 以…为指导 (2020年,郑州市人民政府以习近平…).
const SUBJECT_VERB = '在|严格|认真|深入|紧扣|坚持|按照|全面|持续|围绕|始终|高度|进一步|积极|扎实|立足|聚焦|不断|紧紧|结合|牢固|贯彻|切实|着力|大力|主动|依法|以';
const OPENING_SUBJECT = new RegExp(
  `(?:^|[。\\s])\\s*(?:${YEAR}\\s*年(?:度|以来)?|本年度|今年以来)\\s*[,，]?\\s*(?:在[^,，。\\n]{1,40}?下\\s*[,，]\\s*)?([\\u4e00-\\u9fa5()]{2,24}?(?:人民政府|政府|办事处|街道|乡|镇|苏木|局|委员会|办公室|管委会))` +
  `(?=${SUBJECT_VERB})`,
);
// A paragraph opening with a township's name and its verb: 台吉镇根据《中华人民共和国政府信息公开条例》…规定…
const PARAGRAPH_SUBJECT = new RegExp(
  `(?:^|\\n)[ \\t]*([\\u4e00-\\u9fa5]{2,20}?(?:人民政府|政府|街道办事处|办事处|街道|乡|镇|苏木))(?=${SUBJECT_VERB}|根据|依据|依照|遵照|全年|全面)`,
  'g',
);
// Words that open a phrase about many bodies or another one, never a name (各乡镇, 全镇, 该镇, 县政府).
const NOT_A_SUBJECT = /^(?:各|全|该|本|我|其|每|所|相关|有关|上级|县|市|区|镇|乡)/;

/** The agency as the narrative names it (first 3,000 characters). */
export function narrativeAgency(folded: string): { agency: string; offset: number } | null {
  const head = folded.slice(0, 3000);
  const o = head.match(OPENING_SUBJECT);
  if (o) {
    const g = o[o.length - 1]!;
    const a = clean(g);
    if (agencyLike(a)) return { agency: a, offset: o.index! + o[0].lastIndexOf(g) };
  }
  const m = head.match(NARRATIVE);
  if (m) {
    const a = clean(m[1]!.replace(PUBLISH_VERB, '').replace(/^(?:根据|按照|依据|结合)/, ''));
    if (agencyLike(a)) {
      const at = m[0].lastIndexOf(a);
      return { agency: a, offset: m.index! + (at >= 0 ? at : m[0].indexOf(m[1]!)) };
    }
  }
  const p = head.match(PLACE_REPORT);
  if (p) {
    const a = clean(p[1]!);
    const level = a ? levelOf(a) : 'unknown';
    if (a && (level === 'county' || level === 'city' || level === 'province')) return { agency: a, offset: p.index! + p[0].indexOf(p[1]!) };
  }
  // Weakest: a paragraph's subject, taken only for a township the text names more than once and, when the text calls
  // itself 我镇/我乡/…, of that kind (a neighbouring town or the county government cited in passing must not win).
  for (const s of head.matchAll(PARAGRAPH_SUBJECT)) {
    const a = clean(s[1]!);
    if (!a || NOT_A_SUBJECT.test(a) || levelOf(a) !== 'township') continue;
    if (folded.split(a).length - 1 < 2 || !agreesWithSelf(folded, a)) continue;
    return { agency: a, offset: s.index! + s[0].indexOf(s[1]!) };
  }
  return null;
}

// The compiler and the contact a preamble names: 由两城镇人民政府党政办公室编制 / 请与沈村镇人民政府联系.
const COMPILER = /由\s*([\u4e00-\u9fa5()]{2,40}?)\s*(?:[(（][^)）]{0,40}[)）])?\s*(?:负责)?(?:编制|编写|撰写)/;
const CONTACT = /请(?:与|和|同|联系)\s*([\u4e00-\u9fa5()]{2,40}?)\s*(?:联系|联络|[,，(（:：;；。])/;
// A township government's own office (党政办公室, 党政综合办公室…) answers for the government.
const TOWNSHIP_OFFICE = /(?:党政综合办公室|党政办公室|党政综合办|党政办|综合办公室|综合办|办公室)$/;

/**
 * A township government named as the report's compiler or contact (its office stands for it). Other bodies are not
 * taken: a county's 政府办公室 or 政务公开办 is often the contact of reports that are not its own.
 */
export function preambleAgency(folded: string): Found & { offset: number } | null {
  const head = folded.slice(0, 3000);
  for (const [re, basis] of [[COMPILER, 'compiler'], [CONTACT, 'contact']] as const) {
    const m = head.match(re);
    if (!m) continue;
    const printed = clean(m[1]!);
    if (!printed) continue;
    const office = printed.replace(TOWNSHIP_OFFICE, '');
    const a = levelOf(printed) === 'township' ? printed : office !== printed && levelOf(office) === 'township' ? office : null;
    if (!a || !agreesWithSelf(folded, a)) continue;
    const offset = m.index! + m[0].indexOf(m[1]!);
    return { agency: a, line: -1, start: 0, basis, offset };
  }
  return null;
}
