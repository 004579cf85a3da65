/**
 * `npm run bench:site` — the public site measured in chromium on localhost, cold cache (a fresh browser
 * context per run, servers send no-store), side by side in one run so the noisy machine affects all alike:
 *
 *   baseline  bare DuckDB-WASM (same eh bundle): instantiate + connect + SELECT 1, from navigation start
 *   home      time to first chart (first contentful paint; the charts are prerendered SVG) and bytes; WASM fetched?
 *   sql       SQL page: DuckDB ready and first result (`SELECT 1`), from navigation start
 *   100k      an aggregate (outcome mix by province and year) over a 100,000-report SYNTHETIC corpus
 *             (tables from scripts/synthetic/corpus.ts, written to a temp dir): load time, bytes fetched
 *             for the data, and the query time once loaded
 *
 * Each run measures the baseline right before the SQL page, and ratios are taken per run (then the median),
 * so slow drifts of the machine's load cancel out.
 *   site build  astro build time, site file count (outside data/) and bytes, at the built data and at a SYNTHETIC
 *             corpus of --site-reports N (default 10000; 0 skips): nothing per report is prerendered, so these
 *             must not grow with N. `--site-build-only` runs just this part.
 * Needs `dist/` (npm run build:data && npm run build). Options: --runs N (default 5), --reports N (default 100000).
 * `--scale N [--scale M]`: instead, the site and its data built from N SYNTHETIC reports, measured beside the bundled
 * corpus (scale.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, statSync, mkdtempSync, mkdirSync, readdirSync, symlinkSync, writeFileSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { launch } from '../../tests/e2e/browser.ts';
import { serveStatic } from '../../tests/e2e/server.ts';
import { reportTypes } from '../../tests/e2e/devdata.ts';
import { syntheticReports as generateReports } from '../synthetic/corpus.ts';
import { T3_ROWS, T4_CELLS } from '../template/vocabulary.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const arg = (k: string, d: number) => { const i = process.argv.indexOf(k); return i > 0 ? Number(process.argv[i + 1]) : d; };
const RUNS = arg('--runs', 5);
const N = arg('--reports', 100_000);
const SITE_N = arg('--site-reports', 10_000);
const SITE_ONLY = process.argv.includes('--site-build-only');
const PROVINCES = ['北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市', '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区'];

if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'sql', 'index.html'))) {
  console.error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
  process.exit(1);
}

// --scale N: the site at national scale (scale.ts), beside the bundled corpus
if (process.argv.includes('--scale')) {
  await (await import('./scale.ts')).runScale();
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'atlas-bench-site-'));

/** reports.parquet for N synthetic reports (contract columns; values from the benchmark generator). */
async function syntheticReports(dir: string, n = N) {
  const types = reportTypes();
  const cols = Object.keys(types);
  const csv = join(dir, 'reports.csv.tmp');
  const lines: string[] = [];
  for (const rep of generateReports(n)) {
    const i = rep.index;
    const t = rep.tables;
    const row: Record<string, any> = {
      id: i.toString(16).padStart(16, '0'), file: `synthetic_${i}.txt`, format: 'text', agency: `（合成）${rep.agency}`, level: rep.level,
      parents: '', province: PROVINCES[i % PROVINCES.length], city: null, county: null, township: null, region_code: null, region_name: null,
      region_ambiguous: false, region_candidates: '[]', year: rep.year, template: t.template, published: null, phone: null, layout: rep.layout, status: 'ok',
      checks_pass: 20, checks_fail: 0, checks_na: 0, ambiguous_cells: 0, source_url: null, fetched_at: null,
      t2_regulations_made: t.t2.regulations.made, t2_regulations_repealed: t.t2.regulations.repealed, t2_regulations_valid: t.t2.regulations.valid,
      t2_normative_made: t.t2.normative.made, t2_normative_repealed: t.t2.normative.repealed, t2_normative_valid: t.t2.normative.valid,
      t2_licensing: t.t2.licensing, t2_punishment: t.t2.punishment, t2_coercion: t.t2.coercion, t2_fees: t.t2.fees,
    };
    for (const r of T3_ROWS) row[`t3_${r.code}_total`] = t.t3[r.code]?.[6] ?? null;
    T4_CELLS.forEach((c, k) => { row[`t4_${c.code}`] = t.t4[k] ?? null; });
    lines.push(cols.map((c) => (row[c] == null ? '' : `"${String(row[c]).replace(/"/g, '""')}"`)).join(','));
  }
  writeFileSync(csv, cols.join(',') + '\n' + lines.join('\n') + '\n');
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const spec = cols.map((c) => `'${c}': '${types[c]}'`).join(', ');
  await conn.run(`COPY (SELECT * FROM read_csv('${csv}', header=true, columns={${spec}})) TO '${join(dir, 'reports.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
  rmSync(csv);
}

/** The bare baseline: DuckDB-WASM's own eh bundle, nothing of ours. */
async function baselinePage(dir: string) {
  const { build } = await import('esbuild');
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, `import * as duckdb from '@duckdb/duckdb-wasm';
const worker = new Worker(new URL('./duckdb-browser-eh.worker.js', location.href).href);
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
await db.instantiate(new URL('./duckdb-eh.wasm', location.href).href);
const c = await db.connect();
await c.query('SELECT 1');
window.__done = performance.now();
document.body.dataset.done = '1';`);
  await build({ entryPoints: [entry], bundle: true, format: 'esm', minify: true, outfile: join(dir, 'bundle.js'), nodePaths: [join(ROOT, 'node_modules')], logLevel: 'error' });
  const dist = join(ROOT, 'node_modules/@duckdb/duckdb-wasm/dist');
  copyFileSync(join(dist, 'duckdb-eh.wasm'), join(dir, 'duckdb-eh.wasm'));
  copyFileSync(join(dist, 'duckdb-browser-eh.worker.js'), join(dir, 'duckdb-browser-eh.worker.js'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body><script type="module" src="bundle.js"></script>');
}

/** dist/ with data/reports.parquet swapped for the synthetic one (symlinks). */
function overlaySite(dir: string, synthetic: string) {
  for (const e of readdirSync(DIST)) if (e !== 'data') symlinkSync(join(DIST, e), join(dir, e));
  mkdirSync(join(dir, 'data'));
  for (const e of readdirSync(join(DIST, 'data'))) if (e !== 'reports.parquet') symlinkSync(join(DIST, 'data', e), join(dir, 'data', e));
  symlinkSync(join(synthetic, 'reports.parquet'), join(dir, 'data', 'reports.parquet'));
}

/** Build the site (astro build into a temp dir) from a data folder; time it and count what lands outside data/. */
function siteBuild(dataDir: string | null, out: string) {
  const t0 = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ATLAS_OUT_DIR: out };
  if (dataDir) env.ATLAS_DATA_DIR = dataDir; // unset = public/data, copied by Astro as part of public/
  try { execFileSync('npx', ['astro', 'build'], { cwd: ROOT, stdio: 'pipe', env }); } catch (e: any) { throw new Error(`astro build (${dataDir ?? 'public/data'}) failed:\n${String(e.stderr ?? e).slice(-1500)}`); }
  const seconds = (Date.now() - t0) / 1000;
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const site = walk(out).filter((f) => !f.startsWith(join(out, 'data') + '/'));
  return { seconds, files: site.length, html: site.filter((f) => f.endsWith('.html')).length, bytes: site.reduce((a, f) => a + statSync(f).size, 0) };
}

/** Astro build time and site file count at the built data and at a synthetic corpus of SITE_N reports. */
async function siteBuildFigures() {
  const real = join(ROOT, 'public', 'data');
  const synthData = join(tmp, `data${SITE_N}`); mkdirSync(synthData);
  // the synthetic corpus: its reports.parquet, the other tables of the built data beside it (records and originals left out: the site build reads neither)
  for (const e of readdirSync(real)) if (!['reports.parquet', 'archive', 'records', 'sources'].includes(e)) cpSync(join(real, e), join(synthData, e), { recursive: true, dereference: true });
  const t0 = Date.now();
  await syntheticReports(synthData, SITE_N);
  console.log(`  site build: ${SITE_N.toLocaleString()} synthetic reports written in ${((Date.now() - t0) / 1000).toFixed(1)} s; building the site twice …`);
  const nReal = Number((await (await (await DuckDBInstance.create(':memory:')).connect()).runAndReadAll(`SELECT count(*)::INT AS n FROM read_parquet('${join(real, 'reports.parquet')}')`)).getRowObjectsJson()[0].n);
  const a = siteBuild(null, join(tmp, 'site-default'));
  const b = siteBuild(synthData, join(tmp, `site-${SITE_N}`));
  console.log(`\nbench:site — site build (astro build, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`${'corpus'.padEnd(34)}  ${'astro build'.padStart(11)}  ${'site files'.padStart(10)}  ${'HTML pages'.padStart(10)}  ${'site bytes'.padStart(10)}`);
  for (const [label, r] of [[`built data (${nReal} reports)`, a], [`synthetic (${SITE_N.toLocaleString()} reports)`, b]] as const) {
    console.log(`${label.padEnd(34)}  ${`${r.seconds.toFixed(1)} s`.padStart(11)}  ${String(r.files).padStart(10)}  ${String(r.html).padStart(10)}  ${kb(r.bytes).padStart(10)}`);
  }
  console.log('(site = everything outside data/; the data folder is copied beside it and measured by the corpus benchmarks)');
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x: number) => `${Math.round(x)} ms`;

const AGG = `-- 办理结果构成：按省份与年度（${N} 份合成报告）
SELECT province, year, count(*) AS reports,
  sum(t3_granted_total)::BIGINT AS granted, sum(t3_partial_total)::BIGINT AS partial,
  sum(coalesce(t3_deny_secret_total,0) + coalesce(t3_deny_law_total,0) + coalesce(t3_deny_safety_total,0) + coalesce(t3_deny_third_party_total,0)
    + coalesce(t3_deny_internal_total,0) + coalesce(t3_deny_process_total,0) + coalesce(t3_deny_enforcement_total,0) + coalesce(t3_deny_query_total,0))::BIGINT AS deny,
  sum(coalesce(t3_unable_no_info_total,0) + coalesce(t3_unable_needs_creation_total,0) + coalesce(t3_unable_unclear_total,0))::BIGINT AS unable,
  sum(t3_total_total)::BIGINT AS handled
FROM reports GROUP BY province, year ORDER BY province, year`;

async function main() {
  if (SITE_N > 0) await siteBuildFigures();
  if (SITE_ONLY) { rmSync(tmp, { recursive: true, force: true }); return; }
  console.log(`bench:site — generating ${N.toLocaleString()} synthetic reports (benchmark generator) in ${tmp} …`);
  const synth = join(tmp, 'synthetic'); mkdirSync(synth);
  const t0 = Date.now();
  await syntheticReports(synth);
  console.log(`  written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const base = join(tmp, 'baseline'); mkdirSync(base);
  await baselinePage(base);
  const big = join(tmp, 'site100k'); mkdirSync(big);
  overlaySite(big, synth);

  const site = await serveStatic(DIST);
  const bare = await serveStatic(base);
  const site100k = await serveStatic(big);
  const { browser, close } = await launch();
  const R: Record<string, number[]> = {};
  const push = (k: string, v: number) => { (R[k] ??= []).push(v); };
  let wasmOnHome = 0;

  for (let run = 1; run <= RUNS; run++) {
    // baseline
    {
      const ctx = await browser.newContext(); const page = await ctx.newPage();
      bare.reset();
      await page.goto(bare.url);
      await page.waitForSelector('body[data-done]', { timeout: 180_000, state: 'attached' });
      push('baseline', await page.evaluate(() => (window as any).__done));
      push('baseline_bytes', bare.bytes());
      await ctx.close();
    }
    // SQL page
    {
      const ctx = await browser.newContext(); const page = await ctx.newPage();
      await page.goto(`${site.url}sql/?q=${encodeURIComponent('SELECT 1')}`);
      await page.waitForSelector('#sql-out[data-run]', { timeout: 180_000, state: 'attached' });
      const m = await page.evaluate(() => ({ ready: performance.getEntriesByName('atlas:duck-ready')[0]?.startTime, result: performance.getEntriesByName('atlas:result')[0]?.startTime }));
      push('sql_ready', m.ready); push('sql_result', m.result);
      push('ratio_ready', m.ready / R.baseline.at(-1)!); push('ratio_result', m.result / R.baseline.at(-1)!);
      await ctx.close();
    }
    // home
    {
      const ctx = await browser.newContext(); const page = await ctx.newPage();
      const wasm: string[] = [];
      page.on('request', (r) => { if (/\.wasm$|duckdb/.test(r.url())) wasm.push(r.url()); });
      site.reset();
      await page.goto(site.url, { waitUntil: 'load' });
      await page.waitForSelector('figure.chart svg');
      const fcp = await page.evaluate(() => new Promise<number>((ok) => {
        const e = performance.getEntriesByName('first-contentful-paint')[0];
        if (e) return ok(e.startTime);
        new PerformanceObserver((l) => ok(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
      }));
      await page.waitForTimeout(500); // let late requests (if any) show up in the byte count
      push('home_chart', fcp);
      push('home_bytes', site.bytes());
      wasmOnHome += wasm.length;
      await ctx.close();
    }
    // 100k aggregate
    {
      const ctx = await browser.newContext(); const page = await ctx.newPage();
      site100k.reset();
      await page.goto(`${site100k.url}sql/?q=${encodeURIComponent(AGG)}`);
      await page.waitForSelector('#sql-out[data-run]', { timeout: 300_000, state: 'attached' });
      const first = await page.evaluate(() => performance.getEntriesByName('atlas:result')[0]?.startTime);
      const rows = Number(await page.getAttribute('#sql-out', 'data-rows'));
      push('agg_first', first);
      push('agg_bytes', site100k.bytes('/data/'));
      const times: number[] = [];
      for (let k = 0; k < 3; k++) {
        const before = Number(await page.getAttribute('#sql-out', 'data-run'));
        await page.click('#sql-run');
        await page.waitForFunction((b) => Number(document.querySelector('#sql-out')!.getAttribute('data-run')) > b, before, { timeout: 60_000 });
        times.push(Number(await page.getAttribute('#sql-out', 'data-ms')));
      }
      push('agg_query', median(times));
      if (run === 1) console.log(`  aggregate returned ${rows} rows (province × year)`);
      await ctx.close();
    }
    console.log(`  run ${run}/${RUNS}: baseline ${ms(R.baseline.at(-1)!)}, home chart ${ms(R.home_chart.at(-1)!)}, SQL ready ${ms(R.sql_ready.at(-1)!)} / result ${ms(R.sql_result.at(-1)!)}, 100k first ${ms(R.agg_first.at(-1)!)} / query ${ms(R.agg_query.at(-1)!)}`);
  }
  await close(); await site.close(); await bare.close(); await site100k.close();
  rmSync(tmp, { recursive: true, force: true });

  const b = median(R.baseline);
  const rows: Array<[string, string, string, string]> = [
    ['bare DuckDB-WASM: instantiate + SELECT 1', ms(b), `${kb(median(R.baseline_bytes))}`, 'baseline'],
    ['home: first chart (prerendered SVG, FCP)', ms(median(R.home_chart)), `ratio ${(median(R.home_chart) / b).toFixed(3)}`, `target < 0.333 ${median(R.home_chart) / b < 1 / 3 ? 'PASS' : 'FAIL'}`],
    ['home: bytes transferred', kb(median(R.home_bytes)), `WASM requests ${wasmOnHome}`, `target ≤ 300 KB, no WASM ${median(R.home_bytes) <= 300 * 1024 && wasmOnHome === 0 ? 'PASS' : 'FAIL'}`],
    ['SQL page: DuckDB ready', ms(median(R.sql_ready)), `ratio ${median(R.ratio_ready).toFixed(2)} (per-run ${R.ratio_ready.map((x) => x.toFixed(2)).join(' ')})`, `target ≤ 1.2 ${median(R.ratio_ready) <= 1.2 ? 'PASS' : 'FAIL'}`],
    ['SQL page: first result', ms(median(R.sql_result)), `ratio ${median(R.ratio_result).toFixed(2)}`, `target ≤ 1.2 ${median(R.ratio_result) <= 1.2 ? 'PASS' : 'FAIL'}`],
    [`${N.toLocaleString()} reports: aggregate, first (incl. WASM + data load)`, ms(median(R.agg_first)), `${kb(median(R.agg_bytes))} of Parquet fetched`, ''],
    [`${N.toLocaleString()} reports: aggregate once loaded`, ms(median(R.agg_query)), `per-run ${R.agg_query.map((x) => Math.round(x)).join(' ')} ms`, `target ≤ 150 ms ${median(R.agg_query) <= 150 ? 'PASS' : 'FAIL'}`],
  ];
  console.log(`\nbench:site — chromium, localhost, cold cache, median of ${RUNS} interleaved runs\n`);
  const w = [Math.max(...rows.map((r) => r[0].length)), 10, 36];
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
}

main().catch((e) => { console.error(e); rmSync(tmp, { recursive: true, force: true }); process.exit(1); });
