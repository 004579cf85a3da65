/**
 * `npm run bench:site -- --scale N [--scale M …] [--runs R] [--keep DIR]`: the site at national scale, beside the bundled corpus in
 * the same run. For each N, a SYNTHETIC corpus of N reports (scripts/synthetic/corpus.ts: agency names say 合成) goes
 * through the real data build (`build:data --no-cache`) and the real site build (`astro build`, ATLAS_DATA_DIR), then:
 *
 *   build      data build and site build seconds
 *   site       files and bytes of dist/ outside data/ (what a static host holds; the data can live elsewhere)
 *   data       bytes per report of the tables (no archive, no search index), of the search index, of the archive;
 *              the largest file outside the archive
 *   pages      in chromium on localhost (tests/e2e/server.ts: Range, no-store, so every load is cold): time to the
 *              first content of the home page (its first chart), a report page (its tables), an agency page, the list, /findings/ (and its second
 *              page of every rule, read in the browser) and /data/, and
 *              the bytes the server sent for each — medians of R runs (default 3); and "search: first result", the
 *              time from typing a word of the sample report's agency name into the list page's search box (once the
 *              list is ready) to the first narrative hit, and the bytes sent for it
 *
 * Printed as a table; targets from the issue are checked and printed beside the figures (not asserted).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { launch } from '../../tests/e2e/browser.ts';
import { serveStatic } from '../../tests/e2e/server.ts';
import { writeSyntheticCorpus } from '../synthetic/corpus.ts';
import { tableSql } from '../corpus/published-table.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const SCALES = args.flatMap((a, i) => (a === '--scale' ? [Number(args[i + 1])] : [])).filter((n) => n > 0);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 3) || 3;
/** --keep DIR: build each scale in DIR/<N>/ and leave it there; a DIR/<N>/data already built is reused (its build time is not measured again). */
const KEEP = args.includes('--keep') ? resolve(args[args.indexOf('--keep') + 1]!) : null;

interface Walked { files: number; bytes: number; largest: number; largestPath: string }
function walk(dir: string, skip: (rel: string) => boolean = () => false): Walked {
  const out: Walked = { files: 0, bytes: 0, largest: 0, largestPath: '' };
  if (!existsSync(dir)) return out; // e.g. no search index (built with --no-search)
  const go = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (skip(relative(dir, p))) continue;
      if (e.isDirectory()) go(p);
      else if (e.isFile()) {
        const n = statSync(p).size;
        out.files++; out.bytes += n;
        if (n > out.largest) { out.largest = n; out.largestPath = relative(dir, p); }
      }
    }
  };
  go(dir);
  return out;
}

async function sample(dataDir: string): Promise<{ id: string; key: string; agency: string; reports: number }> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  try {
    // one file, or one per year past one file's worth of reports
    const reports = tableSql(dataDir, 'reports');
    if (!reports) throw new Error(`${join(dataDir, 'reports.parquet')}: no published reports table`);
    const rows = (await c.runAndReadAll(`SELECT id, agency_key, agency, count(*) OVER () AS n FROM ${reports} ORDER BY id`)).getRowObjectsJson();
    const mid = rows[Math.floor(rows.length / 2)]!;
    return { id: String(mid.id), key: String(mid.agency_key), agency: String(mid.agency ?? ''), reports: Number(mid.n) };
  } finally { c.closeSync(); inst.closeSync(); }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };

interface PageFigure { ms: number; bytes: number }
/** A word of an agency name as a reader would type it: the name before its first place suffix, without the SYNTHETIC mark. */
const agencyWord = (agency: string) => agency.replace(/^（合成）/, '').replace(/^合成/, '').replace(/(镇|乡|县|市|区|街道).*$/, '') || agency;

async function pages(dist: string, id: string, key: string, agency: string): Promise<Record<string, PageFigure>> {
  const srv = await serveStatic(dist);
  const { browser, close } = await launch();
  const targets: Array<[string, string, string]> = [
    // the home page is prerendered (first chart without WASM): its size must not grow with the corpus
    ['home', '', '#top-applications svg'],
    ['report', `report/?id=${id}`, '#report[data-content]'],
    ['agency', `agency/?key=${encodeURIComponent(key)}`, '#agency[data-content]'],
    ['list', 'reports/', '#list[data-ready]'],
    ['findings', 'findings/', 'main h1'],
    // every rule's second page, read in the browser from findings_by_rule (findings 21–40 of each rule)
    ['findings page 2', 'findings/?page=2', '#findings-root[data-ready], main p.muted'],
    ['data', 'data/', 'main h1'],
  ];
  const out: Record<string, PageFigure> = {};
  try {
    for (const [name, path, sel] of targets) {
      const ms: number[] = [], bytes: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        srv.reset();
        const t0 = Date.now();
        await page.goto(srv.url + path);
        await page.waitForSelector(sel, { state: 'attached', timeout: 120_000 });
        ms.push(Date.now() - t0);
        await page.waitForTimeout(300); // what the page fetches right after its first content is its load too
        bytes.push(srv.bytes());
        await ctx.close();
      }
      out[name] = { ms: median(ms), bytes: median(bytes) };
    }
    // narrative search: from typing (the list page waits 200 ms after the last keystroke) to the first hit shown
    // (a corpus built with --no-search and no `npm run build:search` since has no index: the row says so)
    const word = agencyWord(agency);
    const ms: number[] = [], bytes: number[] = [];
    for (let r = 0; r < (existsSync(join(dist, 'data', 'search', 'parts.json')) ? RUNS : 0); r++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(srv.url + 'reports/');
      await page.waitForSelector('#list[data-ready]', { state: 'attached', timeout: 120_000 });
      srv.reset();
      const t0 = Date.now();
      await page.fill('#q', word);
      await page.waitForSelector('#q-hits li a', { timeout: 300_000 });
      ms.push(Date.now() - t0);
      bytes.push(srv.bytes());
      await ctx.close();
    }
    out['search: first result'] = { ms: median(ms), bytes: median(bytes) };
  } finally { await close(); await srv.close(); }
  return out;
}

interface Row { label: string; reports: number; dataS: number | null; siteS: number | null; site: Walked; tables: Walked; parquet: Walked; csv: Walked; search: Walked; archive: Walked; pages: Record<string, PageFigure> }

async function measure(label: string, dataDir: string, dist: string, dataS: number | null, siteS: number | null): Promise<Row> {
  const s = await sample(dataDir);
  return {
    label, reports: s.reports, dataS, siteS,
    site: walk(dist, (r) => r === 'data' || r.startsWith('data/')),
    tables: walk(dataDir, (r) => r.startsWith('archive') || r.startsWith('search')),
    parquet: walk(dataDir, (r) => r.startsWith('archive') || r.startsWith('search') || (/\.[a-z]+$/.test(r) && !r.endsWith('.parquet'))),
    // plain or gzipped (past 1,024 reports each partition's CSV is gzipped)
    csv: walk(dataDir, (r) => r.startsWith('archive') || r.startsWith('search') || (/\.[a-z]+$/.test(r) && !/\.csv(\.gz)?$/.test(r))),
    search: walk(join(dataDir, 'search')),
    archive: walk(join(dataDir, 'archive')),
    pages: await pages(dist, s.id, s.key, s.agency),
  };
}

function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = Date.now();
  execFileSync(cmd, argv, { cwd: ROOT, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return (Date.now() - t0) / 1000;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function print(rows: Row[]) {
  const base = rows[0]!;
  const line = (cells: string[]) => console.log(`| ${cells.join(' | ')} |`);
  line(['', ...rows.map((r) => r.label)]);
  line(['---', ...rows.map(() => '---')]);
  line(['reports', ...rows.map((r) => String(r.reports))]);
  line(['data build (s)', ...rows.map((r) => (r.dataS === null ? '(as built)' : r.dataS.toFixed(0)))]);
  line(['site build (s)', ...rows.map((r) => (r.siteS === null ? '(as built)' : r.siteS.toFixed(0)))]);
  line(['site files (outside data/)', ...rows.map((r) => String(r.site.files))]);
  line(['site bytes', ...rows.map((r) => mb(r.site.bytes))]);
  line(['Parquet tables: bytes per report', ...rows.map((r) => kb(r.parquet.bytes / r.reports))]);
  line(['CSV mirrors (plain or gzipped): bytes per report', ...rows.map((r) => kb(r.csv.bytes / r.reports))]);
  line(['all data but archive and search: bytes per report', ...rows.map((r) => kb(r.tables.bytes / r.reports))]);
  line(['search index: bytes per report', ...rows.map((r) => kb(r.search.bytes / r.reports))]);
  line(['archive: bytes per report', ...rows.map((r) => kb(r.archive.bytes / r.reports))]);
  line(['largest data file (not archive)', ...rows.map((r) => `${mb(Math.max(r.tables.largest, r.search.largest))} (${r.tables.largest >= r.search.largest ? r.tables.largestPath : 'search/' + r.search.largestPath})`)]);
  for (const p of Object.keys(base.pages)) {
    const none = (r: Row) => Number.isNaN(r.pages[p]!.ms);
    line([`${p}: first content (ms; × default)`, ...rows.map((r) => (none(r) ? 'no index' : `${r.pages[p]!.ms} (${(r.pages[p]!.ms / base.pages[p]!.ms).toFixed(2)}×)`))]);
    line([`${p}: bytes sent`, ...rows.map((r) => (none(r) ? 'no index' : mb(r.pages[p]!.bytes)))]);
  }
  console.log('\nTargets at 100k (issue): site build ≤ 120 s, ≤ 20,000 site files, Parquet ≤ 4 KB per report, largest file ≤ 25 MiB, each page ≤ 1.5× the default and ≤ 2 MB sent.');
  for (const r of rows.slice(1)) {
    const miss: string[] = [];
    if ((r.siteS ?? 0) > 120) miss.push(`site build ${r.siteS!.toFixed(0)} s`);
    if (r.site.files > 20_000) miss.push(`${r.site.files} site files`);
    if (r.parquet.bytes / r.reports > 4096) miss.push(`Parquet ${kb(r.parquet.bytes / r.reports)}/report`);
    if (Math.max(r.tables.largest, r.search.largest) > 25 * 1048576) miss.push('a file over 25 MiB');
    for (const [p, f] of Object.entries(r.pages)) {
      if (Number.isNaN(f.ms)) { miss.push(`${p} not measured (no search index)`); continue; }
      if (f.ms > 1.5 * base.pages[p]!.ms) miss.push(`${p} ${(f.ms / base.pages[p]!.ms).toFixed(2)}× the default`);
      if (f.bytes > 2 * 1048576) miss.push(`${p} sent ${mb(f.bytes)}`);
    }
    console.log(`${r.label}: ${miss.length ? 'misses — ' + miss.join('; ') : 'meets every target'}`);
  }
}

export async function runScale(): Promise<void> {
  if (!SCALES.length) throw new Error('--scale N: the number of synthetic reports');
  const rows: Row[] = [await measure('default (bundled, real)', join(ROOT, 'public', 'data'), join(ROOT, 'dist'), null, null)];
  for (const n of SCALES) {
    const tmp = KEEP ? join(KEEP, String(n)) : mkdtempSync(join(tmpdir(), `atlas-scale-${n}-`));
    mkdirSync(tmp, { recursive: true });
    try {
      let dataS: number | null = null;
      if (KEEP && existsSync(join(tmp, 'data', 'manifest.json'))) process.stderr.write(`scale ${n}: reusing the data built in ${tmp}\n`);
      else {
        process.stderr.write(`scale ${n}: writing the SYNTHETIC corpus…\n`);
        rmSync(join(tmp, 'in'), { recursive: true, force: true });
        await writeSyntheticCorpus(join(tmp, 'in'), n);
        process.stderr.write(`scale ${n}: build:data…\n`);
        dataS = timed('npm', ['run', '-s', 'build:data', '--', '--input', join(tmp, 'in'), '--out', join(tmp, 'data'), '--no-cache', '--quiet']);
      }
      process.stderr.write(`scale ${n}: astro build…\n`);
      rmSync(join(tmp, 'dist'), { recursive: true, force: true });
      // the deploy layout (docs/SITE.md): the site without its data, then the data folder linked in at /data/ rather
      // than copied (gigabytes of archive at 100k) — the site build is timed without copying data
      const siteS = timed('npx', ['astro', 'build'], { ATLAS_DATA_DIR: join(tmp, 'data'), ATLAS_OUT_DIR: join(tmp, 'dist'), ATLAS_DATA_URL: '/data/' });
      const data = realpathSync(join(tmp, 'data'));
      for (const e of readdirSync(data)) symlinkSync(join(data, e), join(tmp, 'dist', 'data', e));
      rows.push(await measure(`SYNTHETIC ${n.toLocaleString('en')}`, join(tmp, 'data'), join(tmp, 'dist'), dataS, siteS));
    } finally { if (!KEEP) rmSync(tmp, { recursive: true, force: true }); }
  }
  print(rows);
}
