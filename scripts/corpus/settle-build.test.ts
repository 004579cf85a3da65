/**
 * Cross-year settling in a real build: five real Pingtan reports (行政审批局 2023, its 2024 page and 2024/2025 text
 * dumps, 投资促进局 2024–2025) built and read back — cells, reports, records, checks and the manifest's counts.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';

const REPORTS = new URL('../../data/reports/', import.meta.url).pathname;
const FILES = ['pingtan_163_xingzhengshenpi_2023.txt', 'pingtan_164_xingzhengshenpi_2024.html', 'pingtan_164_xingzhengshenpi_2024.txt', 'pingtan_165_xingzhengshenpi_2025.txt', 'pingtan_157_touzicujin_2024.txt', 'pingtan_158_touzicujin_2025.txt'];
let tmp: string, out: string;
const ids: Record<string, string> = {};

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try { return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>; } finally { conn.closeSync(); inst.closeSync(); }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'settle-build-'));
  const input = join(tmp, 'in');
  await mkdir(input);
  for (const f of FILES) {
    await copyFile(join(REPORTS, f), join(input, f));
    ids[f] = createHash('sha256').update(await readFile(join(REPORTS, f))).digest('hex').slice(0, 16);
  }
  out = join(tmp, 'out');
  const r = await build({ input, out, cacheDir: null, progress: false, jobs: 1, inProcess: true });
  expect(r).toMatchObject({ ok: 5, duplicates: 1, crossYear: { runs: 3, cells: 9 } });
}, 120_000);
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('a build settles runs across years', () => {
  const c25 = 'pingtan_165_xingzhengshenpi_2025.txt';
  it('publishes the settled cells with their values, not ambiguous, pointing at the run', async () => {
    const rows = await query(`SELECT path, value, ambiguous, raw, line, span_start, span_end FROM '${out}/cells.parquet' WHERE report_id = '${ids[c25]}' AND tbl = 't2' AND row = 'normative' ORDER BY path`);
    expect(rows.map((r) => [r.path, r.value, r.ambiguous, r.raw])).toEqual([['t2.normative.made', 3, false, '3024'], ['t2.normative.repealed', 0, false, '3024'], ['t2.normative.valid', 24, false, '3024']]);
    const text = (await readFile(join(REPORTS, c25), 'utf8')).split('\n')[rows[0]!.line as number]!;
    expect(text.slice(rows[0]!.span_start as number, rows[0]!.span_end as number)).toBe('3024');
    expect(text.slice((rows[0]!.span_start as number) - 7, rows[0]!.span_start as number)).toBe('行政规范性文件');
  });
  it('updates the reports row and the record (provenance settled: cross-year, by the 2024 page)', async () => {
    const [r] = await query(`SELECT t2_normative_made m, t2_normative_repealed d, t2_normative_valid v, ambiguous_cells a FROM '${out}/reports.parquet' WHERE id = '${ids[c25]}'`);
    expect(r).toEqual({ m: 3, d: 0, v: 24, a: 0 });
    const rec = JSON.parse(await readFile(join(out, 'archive', 'records', `${ids[c25]}.json`), 'utf8'));
    expect(rec.t2.normative).toEqual({ made: 3, repealed: 0, valid: 24 });
    expect(rec.ambiguous).toEqual([]);
    expect(rec.provenance['t2.normative.valid']).toMatchObject({ raw: '3024', settled: 'cross-year', settled_by: ids['pingtan_164_xingzhengshenpi_2024.html'] });
    expect(rec.ambiguity[0].resolved_by).toMatch(/^cross-year: /);
  });
  it('checks the settled values across years (2025 现行有效 24 = 21 + 3 − 0) and keeps the real disagreement 2023→2024', async () => {
    const rows = await query(`SELECT report_id, status, expected, actual FROM '${out}/checks.parquet' WHERE rule = 'cross.valid_count' AND scope = '行政规范性文件' ORDER BY report_id`);
    const by = Object.fromEntries(rows.map((r) => [r.report_id, r]));
    expect(by[ids[c25]!]).toMatchObject({ status: 'pass', expected: 24, actual: 24 });
    // 2023's text stays ambiguous (no split fits 2024's 21 − 15 + 6 = 12): not applicable rather than a guess
    expect(by[ids['pingtan_164_xingzhengshenpi_2024.html']!]).toMatchObject({ status: 'not_applicable' });
  });
  it('counts what it settled in the manifest', async () => {
    const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(m.summary).toMatchObject({ cross_year_settled_runs: 3, cross_year_settled_cells: 9 });
    expect(m.counts.by_agency).toEqual([
      { agency_key: '平潭综合实验区行政审批局', reports: 3, years: [2023, 2024, 2025] },
      { agency_key: '平潭综合实验区投资促进局', reports: 2, years: [2024, 2025] },
    ]);
  });
});
