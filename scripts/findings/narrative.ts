/**
 * Narrative vs table (rules narrative.*): figures the report's prose states, compared with the table cell they
 * describe. Precision over recall — a figure is only compared when its wording names one table quantity, it is
 * exact (no 约/余/多/range), it is for the report's own year, in a count unit, not a comparison (较上年增加…),
 * and every cell it could mean is filled and unambiguous. A contradiction is reported only when the figure
 * matches none of the readings its wording allows (e.g. 受理 = 新收, or 新收 + 上年结转).
 */
import { t2Path } from '../template/cell-path.ts';
import type { ReportRecord } from '../template/record.ts';
import { findNumbers, halfWidth, parseChineseNumeral } from './numerals.ts';
import { lineStarts, sectionSentences, spanOf, type Sentence } from './text.ts';
import { TOTAL_COL, anyAmbiguous, cellEvidence, groupRows, one, resultRows, sumOf, t3Path, t4Path, type TableValue } from './tables.ts';
import type { Evidence, Finding, FindingInput } from './types.ts';

export type Measure =
  | 'app_received' | 'app_received_or_handled' | 'app_handled' | 'app_carried' | 'app_carry_forward'
  | 'app_granted' | 'app_partial' | 'app_denied' | 'app_unable' | 'app_rejected'
  | `review_${Outcome}` | `suit_${Outcome}` | 'review_suit_total'
  | `${'normative' | 'regulations'}_${'made' | 'repealed' | 'valid'}`;
type Outcome = 'upheld' | 'corrected' | 'other' | 'pending' | 'total';

/** What the prose says, in Chinese, for messages. */
const MEASURE_ZH: Record<string, string> = {
  app_received: '收到（受理）的政府信息公开申请数',
  app_received_or_handled: '政府信息公开申请数',
  app_handled: '已答复（办结）的申请数',
  app_carried: '上年结转的申请数',
  app_carry_forward: '结转下年度的申请数',
  app_granted: '予以公开的申请数',
  app_partial: '部分公开的申请数',
  app_denied: '不予公开的申请数',
  app_unable: '无法提供的申请数',
  app_rejected: '不予处理的申请数',
  review_suit_total: '行政复议和行政诉讼案件数',
};
const OUTCOME_ZH: Record<Outcome, string> = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结', total: '总数' };
const OUTCOME_INDEX: Record<Outcome, number> = { upheld: 0, corrected: 1, other: 2, pending: 3, total: 4 };

function measureZh(m: Measure): string {
  if (MEASURE_ZH[m]) return MEASURE_ZH[m]!;
  let x = /^(review|suit)_(\w+)$/.exec(m);
  if (x) return `${x[1] === 'review' ? '行政复议' : '行政诉讼'}${OUTCOME_ZH[x[2] as Outcome]}`;
  x = /^(normative|regulations)_(\w+)$/.exec(m);
  if (x) return `${x[1] === 'normative' ? '行政规范性文件' : '规章'}${{ made: '制发件数', repealed: '废止件数', valid: '现行有效件数' }[x[2]!]}`;
  return m;
}

/** A figure the prose states. Offsets are within the sentence. */
export interface StatedFigure {
  measure: Measure;
  value: number;
  exact: boolean;
  /** Stated by a negation (未收到…申请) rather than a number. */
  negation: boolean;
  /** Applicant column the statement is about (0 = 自然人 for 公民/个人; else the 总计 column). */
  col: number;
  /** The clause (keyword … unit) that states it. */
  start: number;
  end: number;
}

// ---------------------------------------------------------------- sentence analysis

/** Table text (flattened rows, captions) is not narrative. */
const TABLE_LIKE = /第二十条第|勾稽关系|申请人情况|本年度办理结果|信息内容|结果\s*维持\s*结果\s*纠正|尚未\s*审结\s*总\s*计/;
/** A table-三 row label on its own line (cell-per-line layouts): 4.无正当理由大量反复申请 is not prose. */
const ROW_LABEL = /^[\s\d.．、（）()一二三四五六七八]*(属于|其他法律|危及|保护第三方|本机关不掌握|没有现成|补正后|信访|重复申请|要求提供|无正当理由|要求行政机关|申请人无正当|申请人逾期|本年新收|上年结转|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计|结转下年度)/;
/** Clause separators ，,：:（()）, as char codes (tested per character). */
const CLAUSE_SEP = new Set([...'，,：:（()）'].map((c) => c.charCodeAt(0)));
/** Words that make a figure a comparison or a cumulative count, not this year's table value. */
const COMPARISON = /同比|环比|增加|减少|增长|下降|提高|降低|上升|较|比上年|比去年|多了|少了|累计|历年|以来|平均|每月|每年|月均|日均/;
/** Totals over several agencies or periods (全区各职能部门共收到…, 上半年): not this agency's annual cells. */
const AGGREGATE = /全区|全市|全县|全省|全州|全旗|全国|各级|各部门|各单位|各地|各乡镇|各街道|镇街|系统内|上半年|下半年|季度/;
/** Other years named by relative words (上年结转 is handled before this test). */
const OTHER_YEAR = /上年|去年|上一年|前年|往年|明年|下一年|今后/;
/** Counts of other things that sit next to 申请 in prose. */
const NOT_APPLICATIONS = /咨询|来电|来访|热线|12345|留言|信件|诉求|投诉|举报|建议|提案|人次|培训|会议|信箱|回复网民|网民/;
const YEAR_RE = /(\d{4})\s*年|([〇零一二三四五六七八九]{4})\s*年/g;

function yearsIn(s: string): Array<{ year: number; index: number }> {
  const out: Array<{ year: number; index: number }> = [];
  YEAR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = YEAR_RE.exec(s))) {
    const y = m[1] ? Number(m[1]) : parseChineseNumeral(m[2]!);
    if (y !== null && y >= 1990 && y <= 2100) out.push({ year: y, index: m.index });
  }
  return out;
}

type Topic = 'app' | 'review' | 'suit' | 'proactive' | 'docs';
const TOPIC_RE = /依申请|申请|复议|诉讼|起诉|主动公开|规范性文件|规章/g;
function topicAt(s: string, pos: number): Topic | null {
  let t: Topic | null = null;
  TOPIC_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOPIC_RE.exec(s)) && m.index < pos) {
    const w = m[0];
    t = w === '复议' ? 'review' : w === '诉讼' || w === '起诉' ? 'suit' : w === '主动公开' ? 'proactive' : w === '规范性文件' || w === '规章' ? 'docs' : 'app';
  }
  return t;
}

/**
 * What is left of an application figure's wording once the words that name the table quantity are removed.
 * Anything left (通过网络, 涉及征地拆迁类, 第一季度, 政务服务事项 …) means a subset or another quantity: not compared.
 */
const APP_WORDING = new RegExp([
  '\\s', '[、,，:：]', '\\d{4}\\s*年度?', '全年', '本年度?', '今年', '年内', '当年', '年度', '共计', '合计', '总计', '共', '累计',
  '已经', '已', '均', '并', '其中', '包括', '我(局|委|办|乡|镇|街道|区|县|市|厅|中心|单位|机关)', '本(机关|单位|部门|乡|镇|街道|局)',
  '依申请公开事项', '依申请公开', '政府信息公开', '信息公开', '依申请', '政府信息', '各类', '群众', '社会公众', '公众', '公民', '自然人', '个人', '申请人',
  '的', '申请', '完成', '收到', '受理', '接收', '新收', '接到', '答复', '办结', '办理完毕', '处理完毕', '已办理', '已处理', '办理', '予以', '作出', '了',
  '数量', '总数', '数', '量', '为', '有', '达',
  '予以公开', '同意公开', '全部公开', '部分公开', '不予公开', '无法提供', '不予处理',
  '上一年', '上年', '去年', '前一年', '结转', '下一年', '下年', '次年', '转入', '至', '到', '继续',
].join('|'), 'g');
export function appResidue(local: string): string {
  return local.replace(APP_WORDING, '');
}

function only<T>(xs: Array<T | false | null | undefined>): T | null {
  const ys = xs.filter((x): x is T => Boolean(x));
  return ys.length === 1 ? ys[0]! : null;
}

/** The document kind (行政规范性文件 / 规章) last named before `pos`, for "制发规范性文件3件，废止1件，现行有效12件". */
function docKindAt(s: string, pos: number): 'normative' | 'regulations' | null {
  const re = /规范性文件|规章/g;
  let k: 'normative' | 'regulations' | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && m.index < pos) k = m[0] === '规章' ? 'regulations' : 'normative';
  return k;
}
const DOC_FIELD_ONLY = /^(\s|[、,，:：]|其中|并|已|共|本年度?|全年|年内|件数|数量|为|有|现行有效|有效|制发|印发|出台|制定|新制作|废止)*$/;

/** The measure a local context (the words between the previous figure and this one) names, or null. */
export function classify(local: string, topic: Topic | null, year: number, docKind: 'normative' | 'regulations' | null = null): { measure: Measure; col: number } | null {
  const L = local;
  if (/主动公开/.test(L) || /类(信息|事项)?\s*$/.test(L)) return null;
  if (COMPARISON.test(L) || AGGREGATE.test(L)) return null;
  const review = /复议/.test(L);
  const suit = /诉讼|起诉/.test(L);
  const outcomeWord = only<Outcome>([/维持/.test(L) && 'upheld', /纠正/.test(L) && 'corrected', /其他结果/.test(L) && 'other', /尚未审结|未审结|正在审理|审理中/.test(L) && 'pending']);
  const anyOutcome = /维持|纠正|其他结果|审结|审理/.test(L);
  if (review || suit || ((topic === 'review' || topic === 'suit') && anyOutcome)) {
    if (OTHER_YEAR.test(L)) return null;
    const outcome: Outcome | null = anyOutcome ? outcomeWord : 'total';
    if (!outcome) return null;
    if (review && suit) return outcome === 'total' ? { measure: 'review_suit_total', col: TOTAL_COL } : null;
    const group = review ? 'review' : suit ? 'suit' : topic!;
    return { measure: `${group as 'review' | 'suit'}_${outcome}`, col: TOTAL_COL };
  }
  const docContinued = topic === 'docs' && docKind !== null && !/规范性文件|规章/.test(L) && DOC_FIELD_ONLY.test(L);
  if (/规范性文件|规章/.test(L) || docContinued) {
    if (/信息|政策|公开/.test(L)) return null; // 政策、规范性文件信息4条: a category of published items
    const kind = docContinued ? docKind : only<'normative' | 'regulations'>([/规范性文件/.test(L) && 'normative', /规章/.test(L.replace(/规范性文件/g, '')) && 'regulations']);
    const field = only<'made' | 'repealed' | 'valid'>([/现行有效|有效/.test(L) && 'valid', /制发|印发|出台|制定|新制作/.test(L) && 'made', /废止/.test(L) && 'repealed']);
    if (!kind || !field || OTHER_YEAR.test(L)) return null;
    return { measure: `${kind}_${field}`, col: TOTAL_COL };
  }
  if (NOT_APPLICATIONS.test(L)) return null;
  const carried = /(上年|上一年|去年|前一年)度?(共)?结转|结转上年/.test(L);
  const fwd = /结转(至|到|入)?(下|次)一?年|转入(下|次)一?年|结转(至|到)\s*(\d{4})\s*年/.exec(L);
  if (fwd?.[3] && Number(fwd[3]) !== year + 1) return null;
  // 结转 counted in 件 is the applications table's wording even where the sentence does not say 申请.
  if (topic !== 'app' && !/申请/.test(L) && !((carried || fwd) && topic === null)) return null;
  const specific = only<Measure>([
    carried && 'app_carried',
    fwd && 'app_carry_forward',
    /予以公开|同意公开|全部公开/.test(L) && 'app_granted',
    /部分公开/.test(L) && 'app_partial',
    /不予公开/.test(L) && 'app_denied',
    /无法提供/.test(L) && 'app_unable',
    /不予处理/.test(L) && 'app_rejected',
  ]);
  const nSpecific = [carried, fwd, /予以公开|同意公开|全部公开/.test(L), /部分公开/.test(L), /不予公开/.test(L), /无法提供/.test(L), /不予处理/.test(L)].filter(Boolean).length;
  if (nSpecific > 1) return null;
  if (appResidue(L)) return null;
  if (specific) return { measure: specific, col: TOTAL_COL };
  if (OTHER_YEAR.test(L)) return null;
  if (/法人|组织|企业|单位|机构/.test(L)) return null; // a subset by applicant type
  const received = /收到|受理|接收|新收|接到|共收|申请数|申请量/.test(L);
  const handled = /答复|办结|办理完毕|处理完毕|已办理|已处理|办理/.test(L);
  const col = /公民|自然人|个人/.test(L) ? 0 : TOTAL_COL;
  if (received && handled) return { measure: 'app_received_or_handled', col };
  if (received) return { measure: 'app_received', col };
  if (handled) return { measure: 'app_handled', col };
  if (/依申请公开/.test(L) || /申请$/.test(L.trim())) return { measure: 'app_received_or_handled', col };
  return null;
}

const UNIT_APP = /^\s*(件次|件|宗|份|条)/;
const UNIT_CASE = /^\s*(件次|件|宗|起|次)/;
const UNIT_DOC = /^\s*(件|部|份|个)/;
const AFTER_UNIT_APPROX = /^\s*(左右|以上|以下|余|上下)/;

/** None received: 未收到…申请 / 无依申请公开事项. Skipped when qualified by applicant type or about reviews, complaints, fees. */
const NONE_APP = /(未|没有|暂无|尚未)(收到|接到|受理|接收|有|发生|产生)[^，,。；;]{0,15}申请|(无|没有|暂无)(收到)?[^，,。；;]{0,4}依申请/;
const NONE_CASE = /(未|没有|暂无|尚未|无)(收到|发生|出现|产生|有|涉及)?[^，,。；;]{0,20}(行政复议|行政诉讼)/;

/** The last year named before `pos` is the report's (or, for 结转下年度, the next), or none is named. */
function yearOk(years: ReturnType<typeof yearsIn>, pos: number, year: number, allowNext = false): boolean {
  let y: number | null = null;
  for (const x of years) if (x.index < pos) y = x.year;
  return y === null || y === year || (allowNext && y === year + 1);
}

/** Every figure a sentence states that this module knows how to compare. */
export function statedFigures(sentenceRaw: string, year: number): StatedFigure[] {
  const s = halfWidth(sentenceRaw);
  if (TABLE_LIKE.test(s) || (ROW_LABEL.test(s) && !/件/.test(s)) || (s.match(/\t/g)?.length ?? 0) >= 3) return [];
  const years = yearsIn(s);
  const out: StatedFigure[] = [];
  let qualified = false;
  // clauses
  let cs = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !CLAUSE_SEP.has(s.charCodeAt(i))) continue;
    const clause = s.slice(cs, i);
    const base = cs;
    cs = i + 1;
    if (!clause.trim()) continue;
    // negations
    const neg = NONE_APP.exec(clause);
    if (neg && yearOk(years, base + neg.index, year) && !/复议|诉讼|投诉|举报|异议|咨询|收费|费用|法人|组织|企业|单位|延期/.test(clause) && !OTHER_YEAR.test(clause) && !AGGREGATE.test(clause)) {
      const col = /公民|自然人|个人/.test(clause) ? 0 : TOTAL_COL;
      out.push({ measure: 'app_received', value: 0, exact: true, negation: true, col, start: base, end: base + clause.length });
    }
    const negCase = NONE_CASE.exec(clause);
    if (negCase && yearOk(years, base + negCase.index, year) && !OTHER_YEAR.test(clause) && !AGGREGATE.test(clause) && !/\d/.test(clause)) {
      const r = /复议/.test(clause);
      const su = /诉讼/.test(clause);
      out.push({ measure: r && su ? 'review_suit_total' : r ? 'review_total' : 'suit_total', value: 0, exact: true, negation: true, col: TOTAL_COL, start: base, end: base + clause.length });
    }
    // numbers
    let prevEnd = 0;
    for (const tok of findNumbers(clause)) {
      // Once a counted figure of this sentence was left out (a subset, another year, all agencies…), a later
      // figure named only by a verb (…，答复263件) shares that qualification: leave it out too.
      const counted = /^\s*(件次|件|宗|份|条|起|次)/.test(clause.slice(tok.end));
      const local = clause.slice(prevEnd, tok.start);
      const after = clause.slice(tok.end);
      const before = clause.slice(0, tok.start);
      if (/第\s*$|[A-Za-z\d.]$/.test(before) || /^[\d.%％]/.test(after)) continue;
      const topic = topicAt(s, base + tok.start);
      const c = qualified && !/申请|复议|诉讼|起诉|规范性文件|规章/.test(local) ? null : classify(local, topic, year, docKindAt(s, base + tok.start));
      if (!c) { if (counted) qualified = true; continue; }
      const unitRe = c.measure.startsWith('app') ? UNIT_APP : c.measure.startsWith('review') || c.measure.startsWith('suit') ? UNIT_CASE : UNIT_DOC;
      const u = unitRe.exec(after);
      if (!u) continue; // different unit (人次, %, 万元…) or no unit: not comparable
      if (u[1] === '条' && !/申请\s*$/.test(local)) continue; // 条 counts published items unless it directly follows 申请
      if (tok.form === 'chinese' && tok.value >= 10_000) continue;
      const unitEnd = tok.end + u[0].length;
      prevEnd = unitEnd;
      const exact = tok.exact && tok.integer && !AFTER_UNIT_APPROX.test(clause.slice(unitEnd));
      if (!yearOk(years, base + tok.start, year, c.measure === 'app_carry_forward')) { qualified = true; continue; }
      // A comparison word right after the figure (3件，同比…) does not change the figure; 以上/以下 does (handled).
      const kwStart = clause.length - clause.trimStart().length;
      out.push({ measure: c.measure, value: tok.value, exact, negation: false, col: c.col, start: base + kwStart, end: base + unitEnd });
    }
  }
  return out;
}

// ---------------------------------------------------------------- comparison

/** Every table value a measure's wording can mean; the figure agrees if it equals any one of them. */
export function readings(record: ReportRecord, m: Measure, col: number): TableValue[] | null {
  const t3 = (row: string) => one(record, t3Path(row, col));
  const sum = (rows: string[], label: string) => sumOf(record, rows.map((r) => t3Path(r, col)), label);
  const plus = (a: TableValue, b: TableValue): TableValue => ({
    value: a.value === null || b.value === null ? null : a.value + b.value,
    cells: [...a.cells, ...b.cells],
    label: `${a.label}与${b.label.replace(/^表[三四]/, '')}之和`,
  });
  switch (m) {
    case 'app_received': return [t3('new'), plus(t3('new'), t3('carried'))];
    case 'app_received_or_handled': return [t3('new'), plus(t3('new'), t3('carried')), t3('total')];
    case 'app_handled': return [t3('total'), t3('new'), plus(t3('new'), t3('carried'))];
    case 'app_carried': return [t3('carried')];
    case 'app_carry_forward': return [t3('carry_forward')];
    case 'app_granted': return [t3('granted'), plus(t3('granted'), t3('partial'))];
    case 'app_partial': return [t3('partial')];
    case 'app_denied': return rowsOrNull(groupRows(record, 'deny'), 8, (r) => sum(r, '表三“不予公开”各项合计'));
    case 'app_unable': return rowsOrNull(groupRows(record, 'unable'), 3, (r) => sum(r, '表三“无法提供”各项合计'));
    case 'app_rejected': return rowsOrNull(groupRows(record, 'reject'), 5, (r) => sum(r, '表三“不予处理”各项合计'));
    case 'review_suit_total': {
      const v = sumOf(record, [t4Path(4), t4Path(9), t4Path(14)], '表四行政复议与行政诉讼总计之和');
      return [v];
    }
  }
  let x = /^(review|suit)_(\w+)$/.exec(m);
  if (x) {
    const o = OUTCOME_INDEX[x[2] as Outcome];
    if (x[1] === 'review') return [one(record, t4Path(o))];
    const direct = one(record, t4Path(5 + o));
    const after = one(record, t4Path(10 + o));
    return [plus(direct, after), direct, after];
  }
  x = /^(normative|regulations)_(\w+)$/.exec(m);
  if (x) return [one(record, t2Path(x[1], x[2]))];
  return null;
}

function rowsOrNull(rows: string[], n: number, f: (rows: string[]) => TableValue): TableValue[] | null {
  return rows.length === n ? [f(rows)] : null;
}

function fmt(v: number): string {
  return String(v);
}

export function narrativeFindings(input: FindingInput): Finding[] {
  const { id, record, text } = input;
  if (!record || typeof record.year !== 'number') return [];
  const starts = lineStarts(text);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const sent of sectionSentences(record, text)) {
    for (const f of statedFigures(sent.text, record.year)) {
      if (!f.exact) continue;
      const rs = readings(record, f.measure, f.col);
      if (!rs || rs.length === 0) continue;
      const cells = rs.flatMap((r) => r.cells);
      if (rs.some((r) => r.value === null) || anyAmbiguous(record, cells)) continue;
      const phrase = sent.text.slice(f.start, f.end);
      const narrativeEv = narrativeEvidence(id, starts, sent, f.start, f.end, phrase);
      if (rs.some((r) => r.value === f.value)) {
        // Agrees with the stated cells. "None received" must also agree with the handled rows (see below).
        if (f.negation && f.measure === 'app_received') {
          const g = noneReceivedButHandled(id, record, f, narrativeEv);
          if (g && !seen.has(g.rule + g.evidence[0]!.start)) { seen.add(g.rule + g.evidence[0]!.start); out.push(g); }
        }
        continue;
      }
      const primary = rs[0]!;
      const key = `${f.measure}|${f.col}|${f.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const alts = rs.slice(1).map((r) => `${r.label}为${fmt(r.value!)}`).join('，');
      const rule = f.negation && f.measure === 'app_received' ? 'narrative.none_received' : 'narrative.figure_mismatch';
      const message = f.negation
        ? `正文称“${phrase}”，但${primary.label}为${fmt(primary.value!)}${alts ? `（${alts}）` : ''}，正文与表格矛盾。`
        : `正文称“${phrase}”${/\d/.test(phrase) ? '' : `（即${fmt(f.value)}）`}，但${primary.label}为${fmt(primary.value!)}${alts ? `，${alts}，均与正文不符` : '，与正文不符'}（按${measureZh(f.measure)}比较）。`;
      const diff = Math.abs(f.value - primary.value!);
      out.push({
        report_id: id,
        rule,
        severity: 'high',
        score: round(diff / Math.max(1, Math.abs(f.value), Math.abs(primary.value!))),
        message,
        evidence: [narrativeEv, ...uniq(cells).map((c) => cellEvidence(id, record, c))],
        other_report_id: null,
      });
    }
  }
  return out;
}

/**
 * 未收到申请, and the table agrees on 新收 = 0, but its result rows (（一）…（六）) count applications handled
 * beyond those carried over from last year — e.g. 君山片区 2022: 本机关不掌握 = 5 while 新收 = 上年结转 = 0.
 */
function noneReceivedButHandled(id: string, record: ReportRecord, f: StatedFigure, ev: Evidence): Finding | null {
  const col = f.col;
  const carried = one(record, t3Path('carried', col)).value;
  if (carried === null) return null;
  const rows = resultRows(record);
  const nonzero: Array<{ row: string; v: number }> = [];
  let handled = 0;
  for (const r of rows) {
    const v = one(record, t3Path(r, col)).value;
    if (v === null) continue; // a blank is not a 0, and not evidence either
    handled += v;
    if (v !== 0) nonzero.push({ row: r, v });
  }
  const stated = one(record, t3Path('total', col)).value ?? 0;
  const n = Math.max(handled, stated);
  if (n <= carried) return null;
  const cells = [t3Path('new', col), t3Path('carried', col), ...nonzero.map((x) => t3Path(x.row, col)), ...(stated > carried ? [t3Path('total', col)] : [])];
  if (anyAmbiguous(record, cells)) return null;
  const where = nonzero.map((x) => `${one(record, t3Path(x.row, col)).label}为${x.v}`).join('，');
  return {
    report_id: id,
    rule: 'narrative.none_received',
    severity: 'high',
    score: round(Math.min(1, (n - carried) / Math.max(1, n))),
    message: `正文称“${ev.text}”，表三新收申请也为0、上年结转为${carried}，但办理结果栏却记有${n}件（${where || `总计为${stated}`}），正文与表格矛盾。`,
    evidence: [ev, ...uniq(cells).map((c) => cellEvidence(id, record, c))],
    other_report_id: null,
  };
}

function narrativeEvidence(id: string, starts: number[], sent: Sentence, start: number, end: number, phrase: string): Evidence {
  const sp = sent.offset < 0 ? { line: -1, start: -1, end: -1 } : spanOf(starts, sent.offset + start, end - start);
  return { kind: 'narrative', report_id: id, ...sp, text: phrase };
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
