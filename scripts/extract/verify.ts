/**
 * Checks of a record against the text it was read from that do not use the extractor's own reasoning (pure). Used to
 * verify the expected records of the bundled reports (tests/fixtures/expected) and pinned by report.test.ts:
 * - traceable: every stated table value has a source position, and the text at that position is its `raw`;
 * - runs: the values read from one printed run, in table order, written out one after another give exactly the run's
 *   digits (nothing dropped, added or reordered); a lone cell's text is its value;
 * - reading order: within table 二 (core rows), table 三 and table 四, values sit in the text in the table's order;
 * - rows together: no words between two cells of one row (a number of the narrative is not a cell of the table);
 * - candidates: every candidate split of an unsettled run also gives exactly the run's digits.
 */
import { isDocCell, parseCellPath, t2ExtraPath, t2Path, t3Path, t4Path } from '../template/cell-path.ts';
import type { Cell, ReportRecord } from '../template/record.ts';
import { T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T3_COLUMNS, T3_ROWS, T4_WIDTH } from '../template/vocabulary.ts';

export interface Verification { problems: string[]; cells: number; runs: number; splitRuns: number; candidates: number }

/** Cell paths in table order, with their values. */
export function cellsInOrder(rec: ReportRecord): Array<{ path: string; table: 't2' | 't2_extra' | 't3' | 't4'; value: Cell }> {
  const out: Array<{ path: string; table: 't2' | 't2_extra' | 't3' | 't4'; value: Cell }> = [];
  for (const k of T2_DOC_KINDS) for (const f of T2_DOC_FIELDS) out.push({ path: t2Path(k.code, f.code), table: 't2', value: rec.t2[k.code][f.code] });
  for (const s of T2_SINGLE) out.push({ path: t2Path(s.code), table: 't2', value: rec.t2[s.code as 'licensing'] });
  for (const [k, v] of Object.entries(rec.t2_extra ?? {})) if (typeof v === 'number' || v === null) out.push({ path: t2ExtraPath(k), table: 't2_extra', value: v });
  for (const r of T3_ROWS) { const vals = rec.t3[r.code]; if (vals) T3_COLUMNS.forEach((_, i) => out.push({ path: t3Path(r.code, i), table: 't3', value: vals[i] ?? null })); }
  for (let i = 0; i < T4_WIDTH; i++) out.push({ path: t4Path(i), table: 't4', value: rec.t4[i] ?? null });
  return out;
}

/** The digits (and decimal points) of printed text; a value as it would be printed. */
const digits = (s: string) => s.replace(/[^0-9.]/g, '').replace(/\.$/, '');
const printed = (v: number) => String(Math.abs(v));
/** Joined values against a run's digits, allowing a printed amount's trailing decimal zeros (76586650.10 → 76586650.1). */
function sameDigits(values: number[], run: string): boolean {
  const want = digits(run), got = values.map(printed).join('');
  if (got === want) return true;
  return want.includes('.') && got === want.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export function verifyRecord(rec: ReportRecord, text: string): Verification {
  const lines = text.split('\n');
  const problems: string[] = [];
  const cells = cellsInOrder(rec);
  const spans = new Map<string, Array<{ path: string; value: number }>>();
  let stated = 0;
  for (const c of cells) {
    if (c.value === null) continue;
    if (c.table === 't2_extra' && /_as_stated$/.test(c.path)) continue;
    stated++;
    const p = rec.provenance[c.path];
    if (!p) {
      // 2019 template: 行政许可/处罚/强制 of table 二 are the 处理决定数量 cells, traced there
      const a = rec.template === '2019' && c.table === 't2' ? parseCellPath(c.path) : null;
      const twin = a?.table === 't2' && a.field === null ? `${a.row}_decisions` : null;
      const traced = twin !== null && rec.t2_extra?.[twin] === c.value && rec.provenance[t2ExtraPath(twin)] !== undefined;
      if (c.table !== 't2_extra' && !traced) problems.push(`${c.path} = ${c.value}: no source position`);
      continue;
    }
    const slice = lines[p.line]?.slice(p.start, p.end);
    if (slice !== p.raw) { problems.push(`${c.path}: the text at line ${p.line} ${p.start}–${p.end} is ${JSON.stringify(slice)}, not its raw ${JSON.stringify(p.raw)}`); continue; }
    const k = `${p.line}:${p.start}:${p.end}`;
    spans.set(k, [...(spans.get(k) ?? []), { path: c.path, value: c.value }]);
  }
  let splitRuns = 0, candidates = 0;
  const order = new Map(cells.map((c, i) => [c.path, i]));
  const matched = new Set<number>();
  for (const [k, group] of spans) {
    const [line, start, end] = k.split(':').map(Number) as [number, number, number];
    const run = lines[line]!.slice(start, end);
    if (group.length > 1) splitRuns++;
    // part of a run the text could not split: each candidate, with the cells it did settle, must write out the run
    const ai = (rec.ambiguity ?? []).findIndex((a, i) => !matched.has(i) && a.candidates.length > 0 && digits(a.run) === digits(run));
    if (ai >= 0) {
      matched.add(ai);
      const a = rec.ambiguity[ai]!;
      for (const cand of a.candidates) {
        candidates++;
        const all = [...group, ...a.cells.map((path, i) => ({ path, value: cand[i] as number }))].sort((x, y) => order.get(x.path)! - order.get(y.path)!);
        if (!sameDigits(all.map((g) => g.value), run)) problems.push(`run ${JSON.stringify(run)}: candidate ${JSON.stringify(cand)} with ${group.map((g) => `${g.path}=${g.value}`).join(', ')} does not write out to its digits`);
      }
      continue;
    }
    if (!sameDigits(group.map((g) => g.value), run)) problems.push(`run ${JSON.stringify(run)} (line ${line} ${start}): ${group.map((g) => `${g.path}=${g.value}`).join(', ')} do not write out to its digits`);
  }
  // one row's cells are printed together: between two cells of a t3 row, or of a 规章/规范性文件 row, no words
  const rowOf = (path: string) => { const a = parseCellPath(path); return a?.table === 't3' || (a && isDocCell(a)) ? a.row : null; };
  let prev: { path: string; row: string; line: number; end: number } | null = null;
  for (const c of cells) {
    const row = rowOf(c.path);
    const p = c.value === null || row === null ? undefined : rec.provenance[c.path];
    if (!p || p.origin) { if (!row) prev = null; continue; }
    if (prev && prev.row === row && prev.line === p.line && p.start > prev.end) {
      const between = lines[p.line]!.slice(prev.end, p.start);
      if (/[\u4e00-\u9fa5A-Za-z]/.test(between)) problems.push(`${c.path} is not printed with ${prev.path} (words between them: ${JSON.stringify(between.slice(0, 30))})`);
    }
    prev = { path: c.path, row: row!, line: p.line, end: p.end };
  }
  // reading order within each table (ties: cells of one run)
  for (const table of ['t2', 't3', 't4'] as const) {
    let last: { at: number; path: string } | null = null;
    for (const c of cells) {
      if (c.table !== table || c.value === null) continue;
      const p = rec.provenance[c.path];
      if (!p || p.origin) continue; // a grid position (HTML/PDF) is checked by its reader
      const at = p.line * 1e7 + p.start;
      if (last && at < last.at) problems.push(`${c.path} is printed before ${last.path} (table order broken)`);
      last = { at, path: c.path };
    }
  }
  const raws = new Set(Object.values(rec.provenance).map((p) => p.raw));
  for (const [i, a] of (rec.ambiguity ?? []).entries()) {
    if (matched.has(i)) continue;
    for (const cand of a.candidates) {
      candidates++;
      const vals = cand.filter((v): v is number => typeof v === 'number');
      // a run printed as separate pieces ("20 +1737") may begin with cells read on their own (20): the rest is the candidate's
      const pieces = a.run.split(/\s+/);
      const fits = (j: number) => pieces.slice(0, j).every((t) => raws.has(t)) && sameDigits(vals, pieces.slice(j).join(''));
      if (vals.length === cand.length && !pieces.some((_, j) => fits(j))) problems.push(`candidate ${JSON.stringify(cand)} of run ${JSON.stringify(a.run)} does not write out to its digits`);
    }
  }
  return { problems, cells: stated, runs: spans.size, splitRuns, candidates };
}
