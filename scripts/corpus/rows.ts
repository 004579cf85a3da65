/**
 * One ReportRecord → the rows it contributes to the published tables (pure).
 * A report's cells, checks and sections are in a fixed order, which is their published order (staging.ts).
 */
import { t2ExtraPath, t2Path, t3Path, t4Path } from '../template/cell-path.ts';
import type { Cell, Provenance, ReportRecord } from '../template/record.ts';
import { T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T3_COLUMNS, T3_ROWS, T4_CELLS, T4_WIDTH } from '../template/vocabulary.ts';
import { agencyKey } from './agency-key.ts';
import { T2_EXTRA_NUMERIC } from './dictionary.ts';
import { linkedAmbiguity, type SettleAmbiguity } from './settle.ts';
import { slimRecord } from '../template/record-rows.ts';

export type Row = Record<string, string | number | boolean | null>;

export interface ReportMeta {
  id: string;
  /** Path relative to the input folder. */
  file: string;
  format: string;
  /** Normalised text the extractor read (for as_stated). */
  sourceText: string | null;
  sourceUrl?: string | null;
  fetchedAt?: string | null;
}

/** What dedupe and cross-year checks need of a report (kept small: one per report in memory). */
export interface Summary {
  id: string;
  file: string;
  agency: string;
  year: number | null;
  template: string | null;
  /** t2, t2_extra (numeric keys), t3 (every row code × 7), t4 — in a fixed order, for duplicate detection. */
  numbers: Cell[];
  stated: number;
  ambiguous: number;
  carried: Cell[];
  carry_forward: Cell[];
  regulations: { made: Cell; repealed: Cell; valid: Cell };
  normative: { made: Cell; repealed: Cell; valid: Cell };
  /** Unsettled runs touching a cell linked across years (cross-year settling, settle.ts); absent when none. */
  settle?: SettleAmbiguity[];
}

export interface ReportRows { report: Row; cells: Row[]; checks: Row[]; sections: Row[]; slim_records: Row[]; summary: Summary }

const num = (v: unknown): Cell => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function shortId(sha256: string): string { return sha256.slice(0, 16); }

/** The text of a provenance span in the normalised text (the cell as printed). */
function spanText(lines: string[] | null, p: Provenance | undefined): string | null {
  if (!lines || !p) return null;
  const line = lines[p.line];
  if (line === undefined || p.end <= p.start) return null;
  return line.slice(p.start, p.end);
}

export function recordToRows(rec: ReportRecord, meta: ReportMeta): ReportRows {
  const id = meta.id;
  const lines = meta.sourceText === null ? null : meta.sourceText.split('\n');
  const ambiguous = new Set(rec.ambiguous ?? []);
  const prov = rec.provenance ?? {};
  const cells: Row[] = [];
  // A span shared by several cells is a flattened run: its text is the run, not any one cell as printed.
  const spanUse = new Map<string, number>();
  for (const p of Object.values(prov)) { const k = `${p.line}:${p.start}:${p.end}`; spanUse.set(k, (spanUse.get(k) ?? 0) + 1); }
  const cell = (tbl: string, row: string, col: string | null, path: string, value: Cell, asStated?: string | null) => {
    const p = prov[path];
    const shared = p ? (spanUse.get(`${p.line}:${p.start}:${p.end}`) ?? 0) > 1 : false;
    cells.push({
      report_id: id, tbl, row, col, value,
      as_stated: asStated ?? (shared ? null : spanText(lines, p)),
      raw: p?.raw ?? null,
      line: p ? p.line : null, span_start: p ? p.start : null, span_end: p ? p.end : null,
      origin: p?.origin ? JSON.stringify(p.origin) : null,
      settled: p?.settled ?? null, settled_by: p?.settled_by ?? null,
      ambiguous: ambiguous.has(path),
      path,
    });
  };

  const report: Row = {
    id, file: meta.file, format: meta.format,
    agency: rec.agency, agency_key: agencyKey(rec.agency), level: rec.level ?? 'unknown', parents: (rec.parents ?? []).join('/'),
    province: rec.region?.province ?? null, city: rec.region?.city ?? null, county: rec.region?.county ?? null, township: rec.region?.township ?? null,
    region_code: rec.region?.code ?? null, region_name: rec.region?.name ?? null,
    region_ambiguous: rec.region?.ambiguous ?? false,
    region_candidates: JSON.stringify(rec.region?.candidates ?? []),
    year: rec.year, template: rec.template, published: rec.published ?? null, phone: rec.phone ?? null,
    layout: rec.layout ?? null, status: 'ok',
    ambiguous_cells: ambiguous.size,
    source_url: meta.sourceUrl ?? null, fetched_at: meta.fetchedAt ?? null,
  };

  const numbers: Cell[] = [];
  // table 二
  for (const k of T2_DOC_KINDS) {
    for (const f of T2_DOC_FIELDS) {
      const v = num(rec.t2?.[k.code]?.[f.code]);
      report[`t2_${k.code}_${f.code}`] = v;
      numbers.push(v);
      cell('t2', k.code, f.code, t2Path(k.code, f.code), v);
    }
  }
  for (const s of T2_SINGLE) {
    const v = num(rec.t2?.[s.code]);
    report[`t2_${s.code}`] = v;
    numbers.push(v);
    cell('t2', s.code, null, t2Path(s.code), v);
  }
  const extra = rec.t2_extra ?? {};
  for (const k of T2_EXTRA_NUMERIC) {
    const v = num(extra[k]);
    report[`t2_extra_${k}`] = v;
    numbers.push(v);
  }
  report.t2_extra_procurement_amount_unit = typeof extra.procurement_amount_unit === 'string' ? extra.procurement_amount_unit : null;
  // every t2_extra key becomes a cell; `<k>_as_stated` is folded into key k's as_stated
  const known = new Set(T2_EXTRA_NUMERIC);
  const extraKeys = [...T2_EXTRA_NUMERIC.filter((k) => k in extra), ...Object.keys(extra).filter((k) => !known.has(k)).sort()];
  for (const k of extraKeys) {
    const v = extra[k];
    if (k.endsWith('_as_stated') && k.slice(0, -'_as_stated'.length) in extra) continue;
    const stated = extra[`${k}_as_stated`];
    if (typeof v === 'string') cell('t2_extra', k, null, t2ExtraPath(k), null, v);
    else cell('t2_extra', k, null, t2ExtraPath(k), num(v), typeof stated === 'string' ? stated : undefined);
  }

  // table 三: every printed row, all 7 columns; reports keep the 总计 column
  const totalIdx = T3_COLUMNS.length - 1;
  for (const r of T3_ROWS) {
    const vals = rec.t3?.[r.code];
    report[`t3_${r.code}_total`] = vals ? num(vals[totalIdx]) : null;
    for (let i = 0; i < T3_COLUMNS.length; i++) numbers.push(vals ? num(vals[i]) : null);
    if (!vals) continue;
    T3_COLUMNS.forEach((col, i) => cell('t3', r.code, col.code, t3Path(r.code, i), num(vals[i])));
  }
  // rows not in the vocabulary (should not happen; kept rather than dropped)
  for (const code of Object.keys(rec.t3 ?? {}).sort()) {
    if (T3_ROWS.some((r) => r.code === code)) continue;
    rec.t3[code]!.forEach((v, i) => cell('t3', code, T3_COLUMNS[i]?.code ?? String(i), t3Path(code, i), num(v)));
  }

  // table 四
  for (let i = 0; i < T4_WIDTH; i++) {
    const t = T4_CELLS[i]!;
    const v = num(rec.t4?.[i]);
    report[`t4_${t.code}`] = v;
    numbers.push(v);
    cell('t4', t.group, t.outcome, t4Path(i), v);
  }

  const checks: Row[] = (rec.checks ?? []).map((ch, i) => ({
    report_id: id, rule: ch.rule, scope: ch.scope, status: ch.status,
    expected: num(ch.expected), actual: num(ch.actual), cells: JSON.stringify(ch.cells ?? []), detail: ch.detail ?? null,
  }));
  const sections: Row[] = (rec.sections ?? []).map((s) => ({ report_id: id, section: s.code, title: s.title, text: s.text, line: Number.isInteger(s.line) ? s.line : null }));

  const t3 = (code: string): Cell[] => Array.from({ length: T3_COLUMNS.length }, (_, i) => num(rec.t3?.[code]?.[i]));
  const docs = (k: 'regulations' | 'normative') => ({ made: num(rec.t2?.[k]?.made), repealed: num(rec.t2?.[k]?.repealed), valid: num(rec.t2?.[k]?.valid) });
  const summary: Summary = {
    id, file: meta.file, agency: rec.agency ?? '', year: rec.year, template: rec.template,
    numbers, stated: numbers.filter((v) => v !== null).length, ambiguous: ambiguous.size,
    carried: t3('carried'), carry_forward: t3('carry_forward'),
    regulations: docs('regulations'), normative: docs('normative'),
  };
  const linked = linkedAmbiguity(rec.ambiguity);
  if (linked.length) summary.settle = linked;
  const slim_records: Row[] = [{ report_id: id, record: JSON.stringify(slimRecord(rec)) }];
  return { report, cells, checks, sections, slim_records, summary };
}
