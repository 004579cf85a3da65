/**
 * SYNTHETIC report tables for tests and benchmarks only — never written into data/ or published.
 * Random tables that satisfy the template's arithmetic, from a seed (reproducible), in the record's own
 * shape (t2 / t2_extra / t3 / t4 as ReportRecord holds them), so an extraction compares field by field.
 * Two value profiles: 'wide' (values up to 5 digits, blanks: the property tests) and 'typical' (mostly
 * zeros and small counts, linked to last year's report: the corpus generator, corpus.ts).
 */
import { T3_ROWS, T3_OTHER_SPLIT, type TemplateId } from '../template/vocabulary.ts';
import type { Cell, T2 } from '../template/record.ts';

export interface SyntheticTables {
  template: TemplateId;
  t2: T2;
  t2_extra?: Record<string, number | string | null>;
  t3: Record<string, Cell[]>;
  t4: Cell[];
  /** t3 printed （六） as one row. */
  otherSingle: boolean;
}

/**
 * One random stream per (seed, index, salt): sfc32 with a mixed 128-bit state. Not rng(seed + i): mulberry32's
 * state walks one cycle, so among thousands of consecutive seeds many start a few hundred steps apart and give
 * the same draws shifted — unplanted look-alike reports.
 */
export function streamRng(seed: number, i: number, salt = 0): () => number {
  const mix = (h: number) => { h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); return (h ^ (h >>> 16)) >>> 0; };
  let a = mix(mix(seed ^ 0x2545f491) ^ i), b = mix(a ^ 0x9e3779b9 ^ salt), c = mix(b ^ i), d = mix(c + 1 + salt);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let k = 0; k < 12; k++) next();
  return next;
}

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenOptions {
  template?: TemplateId;
  /** Allow whole blank rows (only layouts that can show a blank cell should ask for them). */
  blanks?: boolean;
  /** Largest value, up to 5 digits ('wide' profile). */
  maxDigits?: number;
  /**
   * 'wide' (default): any value up to maxDigits digits — the property tests' stress. 'typical': mostly zeros and
   * small counts, applications mostly from natural persons, as township and department reports print them.
   */
  profile?: 'wide' | 'typical';
  /**
   * 'typical' only: the same agency's tables of the year before. Its 结转下年度 becomes this year's 上年结转 and
   * (2021 template on both) 现行有效 carries on, so cross-year checks pass — except in ~1 report of 10, which
   * breaks the link as real reports sometimes do.
   */
  prev?: SyntheticTables;
  /**
   * 'typical' only: false for an agency that cannot make 规章 (only provincial and 设区的市 governments can):
   * its 规章 cells are all 0, as real township and department reports print them. Default true.
   */
  regulations?: boolean;
}

/** Random tables from a seed (mulberry32) or from a caller's stream. */
export function randomTables(seed: number | (() => number), opts: GenOptions = {}): SyntheticTables {
  const r = typeof seed === 'number' ? rng(seed) : seed;
  const template: TemplateId = opts.template ?? (r() < 0.5 ? '2019' : '2021');
  if (opts.profile === 'typical') return typicalTables(r, template, opts);
  const digits = opts.maxDigits ?? 5;
  // Mostly zeros, sometimes small, occasionally large: the shape of real reports.
  const val = (): number => {
    const x = r();
    if (x < 0.55) return 0;
    if (x < 0.85) return 1 + Math.floor(r() * 9);
    return Math.floor(r() * 10 ** (1 + Math.floor(r() * digits)));
  };
  const otherSingle = template === '2019' || r() < 0.2;
  const rows = T3_ROWS.filter((row) => (otherSingle ? !(T3_OTHER_SPLIT as readonly string[]).includes(row.code) : row.code !== 'other_total'));
  const t3: Record<string, Cell[]> = {};
  const withTotal = (six: number[]): number[] => [...six, six.reduce((a, b) => a + b, 0)];
  for (const row of rows.filter((x) => x.result)) t3[row.code] = withTotal(Array.from({ length: 6 }, val));
  const total = Array.from({ length: 6 }, (_, c) => rows.filter((x) => x.result).reduce((s, x) => s + (t3[x.code]![c] as number), 0));
  t3.total = withTotal(total);
  const carryForward = Array.from({ length: 6 }, () => (r() < 0.7 ? 0 : val()));
  const carried = total.map((t, c) => Math.min(r() < 0.7 ? 0 : val(), t + carryForward[c]!));
  t3.carry_forward = withTotal(carryForward);
  t3.carried = withTotal(carried);
  t3.new = withTotal(total.map((t, c) => t + carryForward[c]! - carried[c]!));
  if (opts.blanks && r() < 0.5) {
    // A report that leaves a whole row blank (printed as empty cells).
    const blankRow = rows[Math.floor(r() * rows.length)]!.code;
    t3[blankRow] = Array(7).fill(null);
  }
  const ordered: Record<string, Cell[]> = {};
  for (const row of rows) ordered[row.code] = t3[row.code]!;

  const t4: number[] = [];
  for (let g = 0; g < 3; g++) {
    const four = Array.from({ length: 4 }, () => (r() < 0.6 ? 0 : val()));
    t4.push(...four, four.reduce((a, b) => a + b, 0));
  }
  const doc = () => ({ made: val(), repealed: template === '2021' ? val() : null, valid: template === '2021' ? val() : null });
  const fee = template === '2021' ? (r() < 0.6 ? 0 : Math.round(r() * 1e6) / 100) : null;
  const t2: T2 = { regulations: doc(), normative: doc(), licensing: val(), punishment: val(), coercion: val(), fees: fee };
  const out: SyntheticTables = { template, t2, t3: ordered, t4, otherSingle };
  if (template === '2019') {
    const change = () => (r() < 0.6 ? 0 : Math.floor(r() * 40) - 10);
    const e: Record<string, number | string | null> = {
      regulations_new_published: val(), regulations_total_published: val(),
      normative_new_published: val(), normative_total_published: val(),
      licensing_prev_year_items: val(), licensing_change: change(), licensing_decisions: t2.licensing,
      other_mgmt_services_prev_year_items: val(), other_mgmt_services_change: change(), other_mgmt_services_decisions: val(),
      punishment_prev_year_items: val(), punishment_change: change(), punishment_decisions: t2.punishment,
      coercion_prev_year_items: val(), coercion_change: change(), coercion_decisions: t2.coercion,
      fees_prev_year_items: val(), fees_change: change(),
      procurement_items: val(), procurement_total_amount: r() < 0.5 ? 0 : Math.round(r() * 1e8) / 100,
    };
    out.t2_extra = e;
  }
  return out;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const num = (c: Cell | undefined): number => (typeof c === 'number' ? c : 0);

/** The 'typical' profile (see GenOptions). */
function typicalTables(r: () => number, template: TemplateId, opts: GenOptions): SyntheticTables {
  // Mostly zeros, some small counts.
  const count = (max: number): number => (r() < 0.7 ? 0 : 1 + Math.floor(r() * max));
  const otherSingle = template === '2019' || r() < 0.1;
  const rows = T3_ROWS.filter((row) => (otherSingle ? !(T3_OTHER_SPLIT as readonly string[]).includes(row.code) : row.code !== 'other_total'));
  const results = rows.filter((row) => row.result);
  const t3: Record<string, number[]> = Object.fromEntries(rows.map((row) => [row.code, Array(7).fill(0)]));
  const prev = opts.prev && r() < 0.9 ? opts.prev : undefined;
  for (let c = 0; c < 6; c++) {
    const weight = c === 0 ? 1 : 0.3; // natural persons apply most
    let handled = 0;
    for (const row of results) { const v = r() < weight ? count(6) : 0; t3[row.code]![c] = v; handled += v; }
    t3.total![c] = handled;
    const carried = prev ? num(prev.t3.carry_forward?.[c]) : r() < 0.2 ? count(3) : 0;
    let forward = r() < 0.2 ? count(3) : 0;
    let fresh = handled + forward - carried;
    if (fresh < 0) { forward -= fresh; fresh = 0; }
    t3.new![c] = fresh; t3.carried![c] = carried; t3.carry_forward![c] = forward;
  }
  for (const code of Object.keys(t3)) t3[code]![6] = sum(t3[code]!.slice(0, 6));
  const t4: number[] = [];
  for (let g = 0; g < 3; g++) {
    const four = Array.from({ length: 4 }, () => (r() < 0.85 ? 0 : count(3)));
    t4.push(...four, sum(four));
  }
  const linked = prev?.template === '2021' && template === '2021';
  const doc = (kind: 'regulations' | 'normative') => {
    if (kind === 'regulations' && opts.regulations === false) return { made: 0, repealed: template === '2019' ? null : 0, valid: template === '2019' ? null : 0 };
    const made = count(5);
    if (template === '2019') return { made, repealed: null, valid: null };
    const before = linked ? num(prev!.t2[kind].valid) : count(30);
    const repealed = Math.min(count(3), before + made);
    return { made, repealed, valid: before + made - repealed };
  };
  const t2: T2 = {
    regulations: doc('regulations'), normative: doc('normative'), licensing: count(400), punishment: count(60), coercion: count(10),
    fees: template === '2021' ? (r() < 0.9 ? 0 : Math.round(r() * 500) / 100) : null,
  };
  const out: SyntheticTables = { template, t2, t3, t4, otherSingle };
  if (template === '2019') {
    const change = () => (r() < 0.7 ? 0 : Math.floor(r() * 20) - 5);
    const made = (k: 'regulations' | 'normative') => num(t2[k].made);
    out.t2_extra = {
      regulations_new_published: made('regulations'), regulations_total_published: opts.regulations === false ? 0 : made('regulations') + count(20),
      normative_new_published: made('normative'), normative_total_published: made('normative') + count(30),
      licensing_prev_year_items: count(50), licensing_change: change(), licensing_decisions: t2.licensing,
      other_mgmt_services_prev_year_items: count(30), other_mgmt_services_change: change(), other_mgmt_services_decisions: count(200),
      punishment_prev_year_items: count(50), punishment_change: change(), punishment_decisions: t2.punishment,
      coercion_prev_year_items: count(20), coercion_change: change(), coercion_decisions: t2.coercion,
      fees_prev_year_items: count(5), fees_change: change(),
      procurement_items: count(5), procurement_total_amount: r() < 0.5 ? 0 : Math.round(r() * 1e6) / 100,
    };
  }
  return out;
}
