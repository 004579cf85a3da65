/**
 * npm run score:real -- [DIR] [--expected DIR] [--verbose]
 *
 * Runs the extractor over a folder of real reports that carry hand-checked expected records and prints how
 * much of them it gets right: % of graded cells right, reports exact, reports refused, and WRONG numbers (a
 * non-null value that differs from the expected one). The product promises 0 wrong numbers; the command exits 1
 * when there is any.
 *
 * A report `NAME.ext` is graded against `NAME.expected.json` beside it (or in --expected DIR). Graded cells:
 * agency, year, template, every table 二 cell (and the 2019 template's extra cells), every table 三 and 四 cell.
 * A null where the expected record lists the cell as ambiguous (text-undecidable) counts as right.
 * Default DIR: tests/fixtures/real.
 */
import { t2ExtraPath, t2Path, t3Path, t4Path } from '../template/cell-path.ts';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractFile } from './file.ts';
import type { ReportRecord } from '../template/record.ts';

export interface Grade {
  cells: number;
  right: number;
  /** A non-null value that differs from the expected one: the one thing that must never happen. */
  wrong: string[];
  /** Null (or absent) where the expected record has a value. */
  missed: string[];
  /** Cells where the expected record holds a number (most cells of a page cut off are null in its text), and how many of them came out right. */
  stated: number;
  statedRight: number;
}

const T2_DOC = ['made', 'repealed', 'valid'] as const;
const T2_ONE = ['licensing', 'punishment', 'coercion', 'fees'] as const;

/** Grade one record against its expected record, cell by cell. */
export function gradeRecord(rec: ReportRecord | null, exp: any): Grade {
  const g: Grade = { cells: 0, right: 0, wrong: [], missed: [], stated: 0, statedRight: 0 };
  const allowed = new Set<string>([...(exp.ambiguous ?? []), ...(exp.ambiguous_txt_only ?? [])]);
  const cell = (path: string, got: unknown, want: unknown) => {
    g.cells++;
    const base = path.replace(/_as_stated$/, '');
    if (typeof want === 'number') g.stated++;
    if (got === want || (got === undefined && want === null)) { g.right++; if (typeof want === 'number') g.statedRight++; return; }
    if ((got === null || got === undefined) && (allowed.has(path) || allowed.has(base))) { g.right++; return; }
    if (got === null || got === undefined) { g.missed.push(`${path}: null, expected ${JSON.stringify(want)}`); return; }
    // Metadata (agency/year/template) that differs is a miss of a label, not a wrong number.
    if (typeof got === 'number' || typeof want === 'number') g.wrong.push(`${path}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    else g.missed.push(`${path}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  };
  cell('agency', rec?.agency ?? null, exp.agency ?? null);
  cell('year', rec?.year ?? null, exp.year ?? null);
  cell('template', rec?.template ?? null, exp.template ?? null);
  for (const k of ['regulations', 'normative'] as const) for (const f of T2_DOC) cell(t2Path(k, f), rec?.t2[k][f] ?? null, exp.t2?.[k]?.[f] ?? null);
  for (const k of T2_ONE) cell(t2Path(k), rec?.t2[k] ?? null, exp.t2?.[k] ?? null);
  for (const [k, v] of Object.entries(exp.t2_extra ?? {})) cell(t2ExtraPath(k), rec?.t2_extra?.[k] ?? null, v);
  for (const [row, want] of Object.entries(exp.t3 ?? {}) as Array<[string, Array<number | null>]>) want.forEach((v, i) => cell(t3Path(row, i), rec?.t3[row]?.[i] ?? null, v));
  // A row the record has and the expected record does not: its non-null values are wrong.
  for (const [row, got] of Object.entries(rec?.t3 ?? {})) {
    if (exp.t3?.[row]) continue;
    got.forEach((v, i) => { if (v !== null) g.wrong.push(`t3.${row}[${i}]: ${v}, expected no such row`); });
  }
  (exp.t4 ?? []).forEach((v: number | null, i: number) => cell(t4Path(i), rec?.t4[i] ?? null, v));
  return g;
}

export interface ScoreReport {
  reports: number;
  exact: number;
  refused: Array<{ file: string; reason: string }>;
  cells: number;
  right: number;
  stated: number;
  statedRight: number;
  wrong: Array<{ file: string; cell: string }>;
  perFile: Array<{ file: string; grade: Grade }>;
}

/** The reports in `dir` that have an expected record (in `expectedDir`, default `dir`). */
export function pairsIn(dir: string, expectedDir = dir): Array<{ file: string; expected: string }> {
  const out: Array<{ file: string; expected: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    if (/\.(?:expected\.json|json|md|tsv)$/.test(name)) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const stem = name.replace(/\.[^.]+$/, '');
    const candidates = [join(expectedDir, `${stem}.expected.json`), join(expectedDir, `${name}.expected.json`)];
    const expected = candidates.find((c) => existsSync(c));
    if (expected) out.push({ file: path, expected });
  }
  return out;
}

export async function score(dir: string, expectedDir = dir): Promise<ScoreReport> {
  const rep: ScoreReport = { reports: 0, exact: 0, refused: [], cells: 0, right: 0, stated: 0, statedRight: 0, wrong: [], perFile: [] };
  for (const { file, expected } of pairsIn(dir, expectedDir)) {
    const exp = JSON.parse(readFileSync(expected, 'utf8'));
    const out = await extractFile(file);
    const rec = out.ok ? out.record : null;
    if (!out.ok) rep.refused.push({ file, reason: out.reason });
    const g = gradeRecord(rec, exp);
    rep.reports++;
    rep.cells += g.cells;
    rep.right += g.right;
    rep.stated += g.stated;
    rep.statedRight += g.statedRight;
    if (g.right === g.cells && !g.wrong.length) rep.exact++;
    for (const w of g.wrong) rep.wrong.push({ file, cell: w });
    rep.perFile.push({ file, grade: g });
  }
  return rep;
}

function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)}%` : '—';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const ei = args.indexOf('--expected');
  const expectedDir = ei >= 0 ? args[ei + 1] : undefined;
  const pos = args.filter((a, i) => !a.startsWith('--') && !(ei >= 0 && i === ei + 1));
  const dir = resolve(pos[0] ?? join(import.meta.dirname, '../../tests/fixtures/real'));
  if (!existsSync(dir)) { process.stderr.write(`score: ${dir}: no such folder\n`); process.exit(2); }
  const r = await score(dir, expectedDir ? resolve(expectedDir) : dir);
  if (!r.reports) { process.stderr.write(`score: ${dir}: no report with an expected record (NAME.expected.json)\n`); process.exit(2); }
  for (const f of r.perFile) {
    const g = f.grade;
    const exact = g.right === g.cells && !g.wrong.length;
    if (verbose || !exact) {
      process.stdout.write(`${exact ? 'exact' : pct(g.right, g.cells).padStart(6)}  ${f.file}\n`);
      if (verbose || g.wrong.length) for (const w of g.wrong) process.stdout.write(`        WRONG ${w}\n`);
      if (verbose) for (const m of g.missed) process.stdout.write(`        missed ${m}\n`);
    }
  }
  for (const x of r.refused) process.stdout.write(`refused: ${x.reason}\n`);
  process.stdout.write(
    `\n${r.reports} reports: ${pct(r.right, r.cells)} of ${r.cells} graded cells right, ${r.exact} of ${r.reports} exact, ` +
    `${r.refused.length} refused, WRONG numbers: ${r.wrong.length}\n` +
    `values the texts state: ${r.stated}, read right ${r.statedRight} (${pct(r.statedRight, r.stated)})\n`,
  );
  process.exit(r.wrong.length ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('score.ts')) await main();
