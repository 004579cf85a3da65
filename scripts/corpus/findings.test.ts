/**
 * findings.parquet from a build of the bundled real corpus: each finding is real, names its report,
 * and carries evidence spans that point into the report's own text.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';

const BUNDLED = new URL('../../data/reports/', import.meta.url).pathname;
/** The seed and first Pingtan reports these findings were hand-checked on (the archive reports beside them are not). */
const SEED = /^(\d{3}_[0-9a-f]{16}\.txt|pingtan_00\d_.+)$/;
let tmp: string;
let out: string;
let REPORTS: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'findings-build-'));
  REPORTS = join(tmp, 'seed');
  const { mkdir, copyFile, readdir } = await import('node:fs/promises');
  await mkdir(REPORTS);
  for (const f of (await readdir(BUNDLED)).filter((n) => SEED.test(n))) await copyFile(join(BUNDLED, f), join(REPORTS, f));
  expect((await readdir(REPORTS)).length).toBe(11);
  out = join(tmp, 'data');
  await build({ input: REPORTS, out, cacheDir: join(tmp, 'cache'), progress: false, jobs: 1, inProcess: true });
});
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

async function rows(sql: string) {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try { return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, string>>; } finally { conn.closeSync(); inst.closeSync(); }
}

describe('findings.parquet of the bundled corpus', () => {
  it('holds the real findings, one per published report concerned (duplicates excluded)', async () => {
    const fs = await rows(`SELECT f.rule, r.agency FROM '${out}/findings.parquet' f JOIN '${out}/reports.parquet' r ON r.id = f.report_id ORDER BY f.rule`);
    expect(fs).toEqual([
      { rule: 'copypaste.foreign_place', agency: '别斯托别乡' },
      { rule: 'narrative.none_received', agency: '平潭综合实验区君山片区管理局' },
      { rule: 'outlier.regulations_unempowered', agency: '平潭综合实验区国有资产管理局' },
    ]);
  });

  it('evidence spans point at the report text (君山: "未收到依申请公开" and the 本机关不掌握 cell)', async () => {
    const [f] = await rows(`SELECT report_id, evidence FROM '${out}/findings.parquet' WHERE rule = 'narrative.none_received'`);
    const rec = JSON.parse(await readFile(join(out, 'archive', 'records', `${f!.report_id}.json`), 'utf8'));
    const lines = (rec.source_text as string).split('\n');
    const ev = JSON.parse(f!.evidence) as Array<{ kind: string; line: number; start: number; end: number; text: string }>;
    const narrative = ev.find((e) => e.kind === 'narrative')!;
    expect(lines[narrative.line]!.slice(narrative.start, narrative.end)).toBe(narrative.text);
    expect(narrative.text).toContain('未收到依申请公开');
    const cell = ev.find((e) => e.kind === 'cell')!;
    expect(lines[cell.line]!.slice(cell.start, cell.end)).toBe(cell.text);
  });
});

describe('findings.parquet equals the in-memory computeFindings (the build streams: per-report findings in workers, corpus rules over digests)', () => {
  it('for the bundled corpus plus a copy of 雷鸣镇 2023 re-badged as 龙湖镇 (derived in the test, not a real report): same rows, same order, and the copy is flagged', async () => {
    const { cp, mkdir, writeFile, readdir } = await import('node:fs/promises');
    const { computeFindings, findingRow } = await import('../findings/index.ts');
    const input = join(tmp, 'in-copy');
    await cp(REPORTS, input, { recursive: true });
    const leiming = await readFile(join(REPORTS, '002_425035603a0bba90.txt'), 'utf8');
    await mkdir(join(input, 'derived'));
    await writeFile(join(input, 'derived', 'longhu_2023_rebadged_copy_of_002.txt'), leiming.replaceAll('雷鸣镇', '龙湖镇'));
    const o = join(tmp, 'copy-out');
    await build({ input, out: o, cacheDir: null, progress: false, jobs: 2 });
    const got = await rows(`SELECT * FROM '${o}/findings.parquet'`);
    const ids = (await rows(`SELECT id FROM '${o}/reports.parquet' ORDER BY id`)).map((r) => r.id!);
    expect((await readdir(join(o, 'archive', 'records'))).length).toBe(ids.length);
    const inputs = await Promise.all(ids.map(async (id) => {
      const { source_text, ...record } = JSON.parse(await readFile(join(o, 'archive', 'records', `${id}.json`), 'utf8'));
      return { id, record, text: source_text as string };
    }));
    const want = computeFindings(inputs).map(findingRow);
    expect(got).toEqual(want);
    const copies = got.filter((f) => f.rule === 'copypaste.near_duplicate');
    expect(copies).toHaveLength(2); // one on each side of the pair
    const agencies = new Map(inputs.map((x) => [x.id, x.record.agency]));
    expect(copies.map((f) => agencies.get(f.report_id!)).sort()).toEqual(['雷鸣镇人民政府', '龙湖镇人民政府']);
    expect(copies.map((f) => agencies.get(f.other_report_id!)).sort()).toEqual(['雷鸣镇人民政府', '龙湖镇人民政府']);
  }, 120_000);
});

describe('published originals', () => {
  it('are copied byte for byte, markup as .txt so it is never served as a live page', async () => {
    const { readdir } = await import('node:fs/promises');
    const names = (await readdir(join(out, 'archive', 'sources'))).sort();
    // the input's own extension never reaches the published name (scripts/corpus/sources.test.ts covers the formats)
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /^[0-9a-f]{16}\.(txt|pdf|docx|doc)$/.test(n))).toBe(true);
    const [page] = await rows(`SELECT id FROM '${out}/reports.parquet' WHERE file LIKE '%.html'`);
    expect(names).toContain(`${page!.id}.txt`);
    const [leiming] = await rows(`SELECT id, file FROM '${out}/reports.parquet' WHERE agency = '雷鸣镇人民政府'`);
    const copy = await readFile(join(out, 'archive', 'sources', `${leiming!.id}.txt`));
    expect(copy.equals(await readFile(join(REPORTS, '002_425035603a0bba90.txt')))).toBe(true);
  });
});
