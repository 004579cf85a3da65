/**
 * Builds that must neither lose data nor abort: an --out that would replace the input or the repository is refused
 * before anything is touched; duplicates of anything (empty files, identical non-reports) are listed, never fatal;
 * published CSVs are safe to open in a spreadsheet.
 */
import { execFile } from 'node:child_process';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { fileTree } from './tree.ts';

const REPORTS = new URL('../../data/reports/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const quiet = { progress: false as const, jobs: 1, inProcess: true };

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'build-guards-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try { return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>; } finally { conn.closeSync(); inst.closeSync(); }
}

const cli = (args: string[]) => promisify(execFile)('npx', ['tsx', 'scripts/cli/build-data.ts', '--quiet', '--no-cache', ...args], { cwd: ROOT })
  .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));

describe('--out that would destroy data is refused with exit 2, and nothing is touched', () => {
  it('--out equal to --input, a parent of it, or the repository', async () => {
    const corpus = join(tmp, 'corpus');
    const input = join(corpus, 'reports');
    await mkdir(input, { recursive: true });
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, '002.txt'));
    await writeFile(join(corpus, 'notes.md'), 'collected by hand');
    const before = await fileTree(corpus);
    for (const [out, message] of [[input, /is the --input folder/], [corpus, /contains the --input folder/], [ROOT, /is or contains the repository/]] as const) {
      const r = await cli(['--input', input, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await fileTree(corpus)).toEqual(before);
    expect(await readdir(tmp)).toEqual(['corpus']); // no staging folder, no store was made
  }, 120_000);

  it('a folder that holds other files', async () => {
    const out = join(tmp, 'my-notes');
    await mkdir(out);
    await writeFile(join(out, 'todo.md'), 'keep me');
    await expect(build({ input: REPORTS, out, cacheDir: null, ...quiet })).rejects.toThrow(/holds files but is not a previous build's output/);
    expect(await readFile(join(out, 'todo.md'), 'utf8')).toBe('keep me');
  });
});

describe('duplicates of anything never abort the build', () => {
  it('two empty files, two identical non-report files, and a report with its copy are all listed', async () => {
    const input = join(tmp, 'dups');
    await mkdir(join(input, 'sub'), { recursive: true });
    await writeFile(join(input, 'empty-1.txt'), '');
    await writeFile(join(input, 'empty-2.txt'), '');
    await writeFile(join(input, 'minutes.txt'), '会议纪要：讨论年度工作安排。');
    await writeFile(join(input, 'sub', 'minutes copy.txt'), '会议纪要：讨论年度工作安排。');
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, '002.txt'));
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, 'sub', '002 again.txt'));
    const out = join(tmp, 'dups-out');
    const r = await build({ input, out, cacheDir: null, ...quiet });
    expect(r).toMatchObject({ read: 6, ok: 1, duplicates: 1, failed: 4 });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    const by = Object.fromEntries(manifest.files.map((f: { path: string }) => [f.path, f]));
    expect(by['empty-1.txt']).toMatchObject({ status: 'failed', report_id: null });
    expect(by['empty-2.txt']).toMatchObject({ status: 'failed', report_id: null, reason: by['empty-1.txt'].reason });
    expect(by['minutes.txt']).toMatchObject({ status: 'failed', report_id: null });
    expect(by['sub/minutes copy.txt']).toMatchObject({ status: 'failed', report_id: null, reason: by['minutes.txt'].reason });
    expect(by['002.txt']).toMatchObject({ status: 'ok' });
    expect(by['sub/002 again.txt']).toMatchObject({ status: 'duplicate', duplicate_of: by['002.txt'].report_id, reason: 'identical bytes to 002.txt' });
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
  });
});

describe('published CSVs: a cell a spreadsheet would run as a formula starts with an apostrophe', () => {
  it('in the CSVs DuckDB writes (files) and in those copied from staging (sections); the Parquet keeps the text', async () => {
    const input = join(tmp, 'formula');
    await mkdir(input);
    // a real report under a formula-like name, and (SYNTHETIC: made here) the same report with a formula at the
    // start of its 总体情况 section
    await copyFile(join(REPORTS, '000_fec3dc6b6efa534b.txt'), join(input, '=1+1.txt'));
    const real = await readFile(join(REPORTS, '002_425035603a0bba90.txt'), 'utf8');
    expect(real).toContain('一、总体情况\n2023年，');
    await writeFile(join(input, 'synthetic-formula.txt'), real.replace('一、总体情况\n2023年，', '一、总体情况\n=HYPERLINK("http://example.invalid","x")2023年，'));
    const out = join(tmp, 'formula-out');
    const r = await build({ input, out, cacheDir: null, ...quiet });
    expect(r).toMatchObject({ ok: 2, failed: 0 });
    const files = await readFile(join(out, 'files.csv'), 'utf8');
    expect(files).toMatch(/\n'=1\+1\.txt,/);
    expect(files).not.toMatch(/\n=/);
    const sections = await readFile(join(out, 'sections.csv'), 'utf8');
    expect(sections).toContain(`,"'=HYPERLINK(""http://example.invalid"",""x"")2023年`);
    const [path] = await query(`SELECT path FROM '${out}/files.parquet' WHERE path LIKE '%1+1%'`);
    expect(path).toEqual({ path: '=1+1.txt' });
    const [s1] = await query(`SELECT text FROM '${out}/sections.parquet' WHERE starts_with(text, '=HYPERLINK') OR starts_with(text, '''=HYPERLINK')`);
    expect(String(s1!.text).startsWith('=HYPERLINK("http://example.invalid","x")2023年')).toBe(true);
  });
});
