/**
 * SYNTHETIC report tables for tests and benchmarks only — never written into data/ or published.
 * Random tables that satisfy the template's arithmetic, from a seed (reproducible).
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
  /** Largest value, up to 5 digits. */
  maxDigits?: number;
}

export function randomTables(seed: number, opts: GenOptions = {}): SyntheticTables {
  const r = rng(seed);
  const template: TemplateId = opts.template ?? (r() < 0.5 ? '2019' : '2021');
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
