/**
 * Outliers and red flags (rules outlier.*): impossible values, all-zero tables beside prose about applications,
 * 纠正率 / 不予公开 shares far from the same level and year (robust z-score: median and MAD, ≥ 8 peers), and
 * agencies with years missing between years the corpus holds.
 */
import { t2Path } from '../template/cell-path.ts';
import type { Cell, ReportRecord } from '../template/record.ts';
import { T3_ROWS } from '../template/vocabulary.ts';
import { agencyKey } from './agency.ts';
import { statedFigures, round } from './narrative.ts';
import { halfWidth } from './numerals.ts';
import { TOTAL_COL, cellEvidence, cellValue, groupRows, t3Path, t4Path } from './tables.ts';
import { lineStarts, sectionSentences, spanOf, toLineCol } from './text.ts';
import type { Evidence, Finding, FindingInput } from './types.ts';

// ---------------------------------------------------------------- impossible values

const isImpossible = (v: Cell): v is number => v !== null && (v < 0 || !Number.isInteger(v));

/**
 * Cells that count things — t3, t4, and table 二's document and decision counts (fees may have decimals) — read
 * straight from the record, in that order; a path is made only for a value a finding cites.
 */
export function impossibleValueFindings(input: FindingInput): Finding[] {
  const { id, record } = input;
  const bad: Array<{ path: string; v: number }> = [];
  for (const [row, vals] of Object.entries(record.t3 ?? {})) {
    for (let c = 0; c < (vals ?? []).length; c++) { const v = vals![c] ?? null; if (isImpossible(v)) bad.push({ path: t3Path(row, c), v }); }
  }
  const t4 = record.t4 ?? [];
  for (let i = 0; i < t4.length; i++) { const v = t4[i] ?? null; if (isImpossible(v)) bad.push({ path: t4Path(i), v }); }
  for (const k of ['regulations', 'normative'] as const) {
    for (const f of ['made', 'repealed', 'valid'] as const) { const v = record.t2?.[k]?.[f] ?? null; if (isImpossible(v)) bad.push({ path: t2Path(k, f), v }); }
  }
  for (const k of ['licensing', 'punishment', 'coercion'] as const) { const v = record.t2?.[k] ?? null; if (isImpossible(v)) bad.push({ path: t2Path(k), v }); }
  if (bad.length === 0) return [];
  const neg = bad.filter((b) => b.v < 0).length;
  const frac = bad.length - neg;
  const what = [neg ? `${neg}个负数` : '', frac ? `${frac}个非整数` : ''].filter(Boolean).join('和');
  return [{
    report_id: id,
    rule: 'outlier.impossible_value',
    severity: 'warn',
    score: bad.length,
    message: `表格中的件数出现了${what}（如${bad.slice(0, 2).map((b) => `${b.path}=${b.v}`).join('、')}），件数不可能如此。`,
    evidence: bad.slice(0, 10).map((b) => cellEvidence(id, record, b.path)),
    other_report_id: null,
  }];
}

// ---------------------------------------------------------------- all-zero table, prose about applications

/** Prose that says applications were received and handled, without a number. */
const MENTIONS_HANDLED = /(收到|受理|接到)的?[^，,。；;]{0,12}申请[^。；;]{0,12}(均|全部|都|一律)|依申请公开[^。；;]{0,10}(均|全部)(已|在|按时|按期|依法|予以)/;
/** Negation, condition or plan: 未收到, 如收到, 将…依法答复. */
const NOT_A_REPORT_OF_FACT = /未|没有|无|暂无|如|若|一旦|将|要|应|须|确保|下一步|今后/;

function isAllZeroT3(record: ReportRecord): boolean {
  const rows = Object.values(record.t3 ?? {});
  if (rows.length === 0) return false;
  return rows.every((r) => r.length > 0 && r.every((v) => v === 0));
}

export function allZeroFindings(input: FindingInput): Finding[] {
  const { id, record, text } = input;
  if (!isAllZeroT3(record) || record.year === null) return [];
  const starts = lineStarts(text);
  const ev: Evidence[] = [];
  let why = '';
  for (const sent of sectionSentences(record, text, ['s1', 's3'])) {
    // an approximate count (约10件, 20余件): exact ones are compared by narrative.figure_mismatch
    const figs = statedFigures(sent.text, record.year).filter((f) => !f.negation && !f.exact && f.value > 0 && f.measure.startsWith('app_'));
    if (figs.length > 0) {
      const f = figs[0]!;
      const sp = sent.offset < 0 ? { line: -1, start: -1, end: -1 } : spanOf(starts, sent.offset + f.start, f.end - f.start);
      ev.push({ kind: 'narrative', report_id: id, ...sp, text: sent.text.slice(f.start, f.end) });
      why ||= `写有“${sent.text.slice(f.start, f.end)}”`;
      continue;
    }
    const s = halfWidth(sent.text);
    const m = MENTIONS_HANDLED.exec(s);
    if (m && !NOT_A_REPORT_OF_FACT.test(s.slice(Math.max(0, m.index - 6), m.index + m[0].length))) {
      const sp = sent.offset < 0 ? { line: -1, start: -1, end: -1 } : spanOf(starts, sent.offset, sent.text.length);
      ev.push({ kind: 'narrative', report_id: id, ...sp, text: sent.text });
      why ||= `称“${sent.text.length > 40 ? sent.text.slice(0, 40) + '…' : sent.text}”`;
    }
  }
  if (ev.length === 0) return [];
  return [{
    report_id: id,
    rule: 'outlier.all_zero_with_applications',
    severity: 'warn',
    score: ev.length,
    message: `表三（依申请公开）各项全部为0，但正文${why}，表格可能是未经填写的空模板。`,
    evidence: [...ev.slice(0, 3), cellEvidence(id, record, t3Path('new')), cellEvidence(id, record, t3Path('total'))],
    other_report_id: null,
  }];
}

// ---------------------------------------------------------------- rates far from their peers

export const MIN_PEERS = 8;
export const Z_LIMIT = 3.5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Modified z-scores (Iglewicz–Hoaglin); MAD = 0 falls back to the mean absolute deviation; null when no spread. */
export function robustZ(xs: number[]): { z: number[]; median: number } | null {
  const med = median(xs);
  const dev = xs.map((x) => Math.abs(x - med));
  const mad = median(dev);
  if (mad > 0) return { z: xs.map((x) => (0.6745 * (x - med)) / mad), median: med };
  const meanAD = dev.reduce((a, b) => a + b, 0) / xs.length;
  if (meanAD === 0) return null;
  return { z: xs.map((x) => (x - med) / (1.253314 * meanAD)), median: med };
}

/** One rate of one report, with the evidence a finding about it cites (so no record is needed later). */
export interface RateDigest { num: number; den: number; evidence: Evidence[] }

export type RateKind = 'correction' | 'deny';
export const RATE_KINDS: readonly RateKind[] = ['correction', 'deny'];

function rateOf(record: ReportRecord, kind: RateKind): { num: number; den: number; cells: string[] } | null {
  if (kind === 'correction') {
    const den = cellValue(record, t4Path(4));
    const num = cellValue(record, t4Path(1));
    if (den === null || num === null || den < 5 || num < 0 || num > den) return null;
    return { num, den, cells: [t4Path(1), t4Path(4)] };
  }
  const rows = groupRows(record, 'deny');
  if (rows.length !== T3_ROWS.filter((r) => r.group === 'deny').length) return null;
  const den = cellValue(record, t3Path('total'));
  if (den === null || den < 10) return null;
  let num = 0;
  for (const r of rows) {
    const v = cellValue(record, t3Path(r, TOTAL_COL));
    if (v === null || v < 0) return null;
    num += v;
  }
  if (num > den) return null;
  return { num, den, cells: [...rows.map((r) => t3Path(r)), t3Path('total')] };
}

/** The rate and its evidence: the cells behind it that are not 0, and always the denominator. */
export function rateDigest(id: string, record: ReportRecord, kind: RateKind): RateDigest | null {
  const r = rateOf(record, kind);
  if (!r) return null;
  const last = r.cells[r.cells.length - 1];
  return { num: r.num, den: r.den, evidence: r.cells.filter((c) => cellValue(record, c) !== 0 || c === last).map((c) => cellEvidence(id, record, c)) };
}

/** What the rate rule needs of a report: its peer group (level|year) and its rates. */
export interface RateInput { id: string; group: string; correction: RateDigest | null; deny: RateDigest | null }

export const rateGroup = (record: ReportRecord) => `${record.level}|${record.year}`;

export function rateInput(x: FindingInput): RateInput {
  return { id: x.id, group: rateGroup(x.record), correction: rateDigest(x.id, x.record, 'correction'), deny: rateDigest(x.id, x.record, 'deny') };
}

export function rateOutlierFindings(inputs: FindingInput[]): Finding[] {
  return rateOutliers(inputs.map(rateInput));
}

/** The rule itself, over per-report rates (FindingInputs or corpus digests). */
export function rateOutliers(items: RateInput[]): Finding[] {
  const out: Finding[] = [];
  for (const kind of RATE_KINDS) {
    const groups = new Map<string, Array<{ id: string; r: RateDigest }>>();
    for (const x of items) {
      const r = x[kind];
      if (!r) continue;
      const l = groups.get(x.group) ?? [];
      l.push({ id: x.id, r });
      groups.set(x.group, l);
    }
    for (const [, rates] of groups) {
      if (rates.length - 1 < MIN_PEERS) continue; // too few peers for a distribution
      const rz = robustZ(rates.map(({ r }) => r.num / r.den));
      if (!rz) continue;
      rates.forEach(({ id, r }, k) => {
        const z = rz.z[k]!;
        if (Math.abs(z) < Z_LIMIT) return;
        const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
        const what = kind === 'correction' ? '行政复议结果纠正率' : '不予公开占办理总数的比例';
        out.push({
          report_id: id,
          rule: kind === 'correction' ? 'outlier.correction_rate' : 'outlier.deny_share',
          severity: Math.abs(z) >= 6 ? 'warn' : 'info',
          score: round(Math.abs(z)),
          message: `该报告的${what}为${pct(r.num / r.den)}（${r.num}/${r.den}），同年同级别${rates.length}份报告的中位数为${pct(rz.median)}，明显${z > 0 ? '偏高' : '偏低'}（稳健z分数${round(z)}）。`,
          evidence: r.evidence.map((e) => ({ ...e })),
          other_report_id: null,
        });
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- missing years

/** What the missing-years rule needs of a report. */
export interface YearInput { id: string; agency: string; year: number | null; agency_key: string | null }

export function yearInput(x: FindingInput): YearInput {
  return { id: x.id, agency: x.record.agency ?? '', year: x.record.year, agency_key: agencyKey(x.record) };
}

export function missingYearFindings(inputs: FindingInput[]): Finding[] {
  return missingYears(inputs.map(yearInput));
}

/** The rule itself, over per-report agency keys and years (FindingInputs or corpus digests). */
export function missingYears(items: YearInput[]): Finding[] {
  const byAgency = new Map<string, Array<{ year: number; x: YearInput }>>();
  for (const x of items) {
    const k = x.agency_key;
    if (!k || !Number.isInteger(x.year)) continue;
    const l = byAgency.get(k) ?? [];
    l.push({ year: x.year!, x });
    byAgency.set(k, l);
  }
  const out: Finding[] = [];
  for (const [, list] of byAgency) {
    list.sort((a, b) => a.year - b.year || (a.x.id < b.x.id ? -1 : 1));
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1]!;
      const cur = list[k]!;
      const gap = cur.year - prev.year - 1;
      if (gap <= 0) continue;
      const missing = Array.from({ length: gap }, (_, j) => prev.year + 1 + j);
      out.push({
        report_id: cur.x.id,
        rule: 'outlier.missing_years',
        severity: 'info',
        score: gap,
        message: `本数据集收录了${cur.x.agency}${prev.year}年和${cur.year}年的年报，但没有${missing.join('、')}年的年报（可能未发布，或尚未收录）。`,
        evidence: [{ kind: 'other_report', report_id: prev.x.id, line: -1, start: -1, end: -1, text: `${prev.x.agency} ${prev.year}年` }],
        other_report_id: prev.x.id,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- 规章 from an agency that cannot make them

/**
 * 规章 are made only by State Council departments and by provincial and 设区的市 governments (立法法). A
 * township, a county, or a local government's department reporting 规章 has filled the row with something else.
 */
// 2019 template: only 本年新制作数量 says the agency made them (a department may publish its government's 规章).
const REG_CELLS = ['t2.regulations.made', 't2.regulations.repealed', 't2.regulations.valid'];
const CENTRAL = /^(国务院|国家|中华人民共和国|中国)|部$/;

function cannotMakeRegulations(r: ReportRecord): string | null {
  if (r.level === 'township') return '乡镇（街道）';
  if (r.level === 'county') return '县级政府';
  if (r.level === 'department' && !CENTRAL.test((r.agency ?? '').replace(/\s/g, ''))) return '地方政府的工作部门';
  return null;
}

export function regulationFindings(input: FindingInput): Finding[] {
  const { id, record, text } = input;
  const who = cannotMakeRegulations(record);
  if (!who) return [];
  const amb = new Set(record.ambiguous ?? []);
  const stated: Array<{ path: string; v: number }> = [];
  for (const p of REG_CELLS) {
    const v = cellValue(record, p);
    if (v !== null && v > 0 && !amb.has(p)) stated.push({ path: p, v });
  }
  // An unsettled run counts when every reading of it gives 规章 > 0 (平潭国资局 2019: 规章1411 → 1|4|11, 1|41|1, 14|1|1).
  const runs: Evidence[] = [];
  for (const a of record.ambiguity ?? []) {
    const idx = a.cells.map((c, k) => (REG_CELLS.includes(c) ? k : -1)).filter((k) => k >= 0);
    if (idx.length === 0 || a.candidates.length === 0) continue;
    if (!a.candidates.every((cand) => idx.some((k) => (cand[k] ?? 0) > 0))) continue;
    runs.push(runEvidence(id, text, a.run, a.cells[idx[0]!]!));
  }
  if (stated.length === 0 && runs.length === 0) return [];
  const what = stated.length > 0 ? `填有${stated.map((x) => `${x.v}`).join('、')}` : `印作“${runs.map((e) => e.text).join('、')}”（无论怎样拆分，规章件数都大于0）`;
  return [{
    report_id: id,
    rule: 'outlier.regulations_unempowered',
    severity: 'warn',
    score: 1,
    message: `规章只能由国务院部门和省级、设区的市级人民政府制定，本报告的机关属于${who}，表二“规章”一栏却${what}，可能把其他文件填进了规章栏。`,
    evidence: [...stated.map((x) => cellEvidence(id, record, x.path)), ...runs],
    other_report_id: null,
  }];
}

/** Evidence for an unsettled run: where "规章" + the run is printed (no cell provenance exists for it). */
function runEvidence(id: string, text: string, run: string, cell: string): Evidence {
  const m = new RegExp('规章[\\s\\t|]*' + run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).exec(text);
  if (!m) return { kind: 'cell', report_id: id, line: -1, start: -1, end: -1, text: run, cell };
  const at = m.index + m[0].length - run.length;
  const { line, col } = toLineCol(lineStarts(text), at);
  return { kind: 'cell', report_id: id, line, start: col, end: col + run.length, text: run, cell };
}
