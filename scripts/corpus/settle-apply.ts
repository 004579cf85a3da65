/**
 * Cross-year settlements (settle.ts) written into what a build publishes: a report's staged cell rows (value, and
 * ambiguous false), its reports-row columns, and its records/<id>.json (values, `ambiguous`, the ambiguity's
 * `resolved_by`, and each cell's provenance `settled: cross-year` with `settled_by`, the other report's id).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDocCell, parseCellPath, setCell } from '../template/cell-path.ts';
import type { Provenance, ReportRecord } from '../template/record.ts';
import type { Settlement } from './settle.ts';
import type { Summary } from './rows.ts';
import { csvValue } from './staging.ts';

/** The CSV fields of one line, as printed (quotes kept), so untouched fields are written back byte for byte. */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let j = i;
    if (line[j] === '"') { j++; while (j < line.length && !(line[j] === '"' && line[j + 1] !== '"')) j += line[j] === '"' ? 2 : 1; j++; }
    while (j < line.length && line[j] !== ',') j++;
    out.push(line.slice(i, j));
    i = j + 1;
  }
  return out;
}

/**
 * A report's staged cells block with its settled cells' value set and `ambiguous` false. The cells columns are
 * report_id, tbl, row, col, value, …, origin, settled, settled_by, ambiguous, path (dictionary.ts); t2 and t3 cells hold no line
 * breaks.
 */
export function rewriteCells(block: Buffer, settled: Settlement[], prov: Record<string, Provenance> = {}): Buffer {
  const value = new Map<string, number>();
  for (const s of settled) s.cells.forEach((c, i) => { const v = s.values[i]; if (typeof v === 'number') value.set(c, v); });
  const lines = block.toString('utf8').split('\n');
  let hit = 0;
  const out = lines.map((line) => {
    if (!line) return line;
    const f = fields(line);
    const v = value.get(f[f.length - 1]!);
    if (v === undefined) return line;
    hit++;
    f[4] = csvValue(v, true);
    f[f.length - 2] = 'false';
    const p = prov[f[f.length - 1]!];
    // how it was settled (columns settled, settled_by), and where the run is, for a cell the extractor left without a
    // position (columns raw, line, span_start, span_end)
    if (f.length === 15) { f[11] = 'cross-year'; f[12] = csvValue(settled.filter((s) => s.cells.includes(f[14]!)).flatMap((s) => s.by).join(','), false); }
    if (p && f.length === 15 && f[7] === '') { f[6] = /^[\d. +-]*$/.test(p.raw) ? p.raw : '"' + p.raw.replace(/"/g, '""') + '"'; f[7] = String(p.line); f[8] = String(p.start); f[9] = String(p.end); }
    return f.join(',');
  });
  if (hit !== value.size) throw new Error(`settling ${settled[0]?.id}: ${value.size - hit} settled cell(s) not found among its staged cells`);
  return Buffer.from(out.join('\n'), 'utf8');
}

/** The reports-row columns a settlement can change, from the (settled) summary. */
export function reportOverride(s: Pick<Summary, 'id' | 'regulations' | 'normative' | 'carried' | 'carry_forward' | 'ambiguous'>, settledCells: number): Record<string, number | string | null> {
  const row: Record<string, number | string | null> = { id: s.id };
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) row[`t2_${k}_${f}`] = s[k][f];
  row.t3_carried_total = s.carried[s.carried.length - 1] ?? null;
  row.t3_carry_forward_total = s.carry_forward[s.carry_forward.length - 1] ?? null;
  row.ambiguous_cells = s.ambiguous - settledCells;
  return row;
}
export const OVERRIDE_COLUMNS = ['t2_regulations_made', 't2_regulations_repealed', 't2_regulations_valid', 't2_normative_made', 't2_normative_repealed', 't2_normative_valid', 't3_carried_total', 't3_carry_forward_total', 'ambiguous_cells'];

/** Row labels a run of these cells follows in the text (to find the run when it is printed more than once). */
function labelOf(path: string): RegExp | null {
  const a = parseCellPath(path);
  if (a?.table === 't2' && a.field !== null) return a.row === 'normative' ? /规范性文件/g : a.row === 'regulations' ? /规章/g : null;
  if (a?.table === 't3') return a.row === 'carried' ? /上年结转/g : a.row === 'carry_forward' ? /结转下年度/g : null;
  return null;
}

/**
 * Where a settled run is printed: its only occurrence in the text, or the first one right after its row's label
 * (`行政规范性文件6045`); null when neither settles it.
 */
export function locateRun(text: string, run: string, cells: string[]): { line: number; start: number; end: number } | null {
  const lines = text.split('\n');
  const hits: Array<{ line: number; start: number }> = [];
  lines.forEach((l, i) => { for (let at = l.indexOf(run); at >= 0; at = l.indexOf(run, at + 1)) hits.push({ line: i, start: at }); });
  let hit = hits.length === 1 ? hits[0]! : null;
  const label = labelOf(cells[0] ?? '');
  if (!hit && label) {
    hit = hits.find((h) => { const before = lines[h.line]!.slice(0, h.start); const m = [...before.matchAll(label)].pop(); return m !== undefined && /^[\s\u3000]*$/.test(before.slice(m.index! + m[0].length)); }) ?? null;
  }
  return hit ? { line: hit.line, start: hit.start, end: hit.start + run.length } : null;
}

/** A record with its settlements applied (pure). `sourceText` (the text its provenance indexes) places a run that has no position. */
export function settleRecord(rec: ReportRecord, settled: Settlement[], sourceText: string | null = null): ReportRecord {
  for (const s of settled) {
    s.cells.forEach((path, i) => {
      const v = s.values[i] ?? null;
      const a = parseCellPath(path);
      // A settlement amends the record in place: it writes only into a t3 row the record prints and the t2_extra of a
      // 2019 record (an absent one is not made), and in table 二 only the 规章 / 规范性文件 counts (no other t2 path
      // is part of a settled run).
      if (a && (a.table !== 't2' || isDocCell(a))) setCell(rec, a, v, 'existing');
      let p = rec.provenance[path];
      if (!p && sourceText !== null) {
        const at = locateRun(sourceText, s.run, s.cells);
        if (at) p = rec.provenance[path] = { ...at, raw: s.run };
      }
      if (p) { p.settled = 'cross-year'; p.settled_by = s.by.join(','); }
    });
    rec.ambiguous = rec.ambiguous.filter((c) => !s.cells.includes(c));
    const a = rec.ambiguity.find((x) => x.run === s.run && x.cells.join() === s.cells.join());
    if (a) a.resolved_by = `cross-year: ${s.detail}`;
  }
  return rec;
}

/** records/<id>.json rewritten with its settlements (to a new file renamed over it: the old one may be the cache's link). */
export function settleRecordFile(outDir: string, id: string, settled: Settlement[]): Record<string, Provenance> {
  const file = join(outDir, 'records', `${id}.json`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as ReportRecord & { source_text?: string | null };
  const rec = settleRecord(json, settled, json.source_text ?? null);
  writeFileSync(file + '.settled', JSON.stringify(rec) + '\n');
  renameSync(file + '.settled', file);
  return Object.fromEntries(settled.flatMap((s) => s.cells).filter((c) => rec.provenance[c]).map((c) => [c, rec.provenance[c]!]));
}
