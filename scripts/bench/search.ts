/**
 * `npm run bench:search [-- --reports N] [--runs R] [--by year|range] [--max-per-part M] [--jobs J]` — the static
 * search index at scale, on a SYNTHETIC corpus (scripts/synthetic/corpus.ts: agency names marked （合成）, prose
 * sections 一、五、六) of N reports (default 10,000), split into parts (scripts/search/parts.ts: by year, or by id
 * range, at most M reports each) written by J Pagefind processes at once (default: cores, at most 4):
 *
 *   index     build time, parts, files (and fragment files), bytes on disk, bytes per report, largest file
 *   browser   the list page of the built site (dist/) with its data/search/ swapped for the synthetic index, in
 *             chromium on localhost (Range-capable server, cold cache per run): time from typing a query to
 *             the first narrative hit on screen, and bytes fetched for it — side by side with the real corpus's
 *             own index (dist/ as built) in the same run
 *
 * Needs `dist/` (npm run build:data && npm run build).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from '../../tests/e2e/browser.ts';
import { serveStatic, type StaticServer } from '../../tests/e2e/server.ts';
import { reportProse, syntheticReports } from '../synthetic/corpus.ts';
import { closeSearchService, writeSearchIndex } from '../search/build-index.ts';
import { searchRecords, type ReportRow, type SectionRow } from '../search/records.ts';
import { MAX_PER_PART as DEFAULT_MAX, PARTS_FILE, type PartBy, type SearchManifest } from '../search/parts.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const arg = (k: string, d: number) => { const i = process.argv.indexOf(k); return i > 0 ? Number(process.argv[i + 1]) : d; };
const N = arg('--reports', 10_000);
const RUNS = arg('--runs', 5);
const MAX_PER_PART = arg('--max-per-part', DEFAULT_MAX);
const JOBS = process.argv.includes('--jobs') ? arg('--jobs', 1) : undefined;
const BY: PartBy = process.argv.includes('--by') && process.argv[process.argv.indexOf('--by') + 1] === 'range' ? 'range' : 'year';
const PROVINCES = ['北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市', '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区'];

if (!existsSync(join(DIST, 'data', 'search', 'pagefind.js'))) {
  console.error(`${DIST}: no built site with a search index — run \`npm run build:data && npm run build\` first`);
  process.exit(1);
}

function walk(dir: string): { files: number; bytes: number; largest: number; fragments: number } {
  const s = { files: 0, bytes: 0, largest: 0, fragments: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const t = walk(p); s.files += t.files; s.bytes += t.bytes; s.largest = Math.max(s.largest, t.largest); s.fragments += t.fragments; continue; }
    const b = statSync(p).size; s.files++; s.bytes += b; s.largest = Math.max(s.largest, b);
    if (e.name.endsWith('.pf_fragment')) s.fragments++;
  }
  return s;
}

const partsOf = (dir: string) => { try { return (JSON.parse(readFileSync(join(dir, PARTS_FILE), 'utf8')) as SearchManifest).parts.length; } catch { return 1; } };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

const tmp = mkdtempSync(join(tmpdir(), 'atlas-bench-search-'));

async function main() {
  console.log(`bench:search — ${N.toLocaleString()} SYNTHETIC reports → Pagefind index in ${tmp} (parts by ${BY}, ≤ ${MAX_PER_PART} reports each)`);
  const reports: ReportRow[] = []; const sections: SectionRow[] = [];
  let probe = ''; let probeYear = 0; let probeLevel = ''; let probeId = '';
  for (const rep of syntheticReports(N)) {
    const id = rep.index.toString(16).padStart(16, '0');
    reports.push({ id, agency: `（合成）${rep.agency}`, year: rep.year, level: rep.level, province: PROVINCES[rep.index % PROVINCES.length]!, city: null, county: null, township: null });
    const p = reportProse(rep);
    sections.push({ report_id: id, section: 's1', title: '一、总体情况', text: p.s1 }, { report_id: id, section: 's5', title: '五、存在的主要问题及改进情况', text: p.s5 }, { report_id: id, section: 's6', title: '六、其他需要报告的事项', text: p.s6 });
    // the query: an agency in the middle of the corpus, by the distinct part of its name (it has a report each year)
    if (rep.index === Math.floor(N / 2)) { probe = rep.agency.replace(/^合成/, '').replace(/(镇|乡|县|市|街道).*$/, ''); probeYear = rep.year; probeLevel = rep.level; probeId = id; }
  }
  const records = searchRecords(reports, sections);
  const content = records.reduce((a, r) => a + Buffer.byteLength(r.content), 0);
  const out = join(tmp, 'search');
  const t0 = performance.now();
  const st = await writeSearchIndex(records, out, { by: BY, maxPerPart: MAX_PER_PART, concurrency: JOBS });
  const buildS = (performance.now() - t0) / 1000;
  await closeSearchService();
  if (st.errors.length) console.log(`  index errors: ${st.errors.slice(0, 5).join('; ')}`);
  const w = walk(out); const real = walk(join(DIST, 'data', 'search'));
  console.log(`  narrative text: ${mb(content)} (${(content / N / 1024).toFixed(1)} KB per report, UTF-8)`);

  // the built site with the synthetic index in place of the real one
  const big = join(tmp, 'site'); mkdirSync(big);
  for (const e of readdirSync(DIST)) if (e !== 'data') symlinkSync(join(DIST, e), join(big, e));
  mkdirSync(join(big, 'data'));
  for (const e of readdirSync(join(DIST, 'data'))) if (e !== 'search') symlinkSync(join(DIST, 'data', e), join(big, 'data', e));
  symlinkSync(out, join(big, 'data', 'search'));

  const site = await serveStatic(DIST); const synth = await serveStatic(big);
  const { browser, close } = await launch();
  const R: Record<string, number[]> = {};
  const push = (k: string, v: number) => { (R[k] ??= []).push(v); };
  /** Type `q` on the list page (after it is ready) with facets in the URL; ms and bytes until the first hit shows. */
  async function first(srv: StaticServer, q: string, params: string, expectId: string | null) {
    const ctx = await browser.newContext(); const page = await ctx.newPage();
    await page.goto(`${srv.url}reports/${params}`);
    await page.waitForSelector('#list[data-ready]');
    srv.reset();
    const t = Date.now();
    await page.fill('#q', q);
    await page.waitForSelector('#q-hits li a', { timeout: 120_000 });
    const ms = Date.now() - t; // includes the list page's 200 ms typing debounce
    const href = await page.locator('#q-hits li a').first().getAttribute('href');
    if (expectId && !href?.includes(expectId)) throw new Error(`${q}: first hit ${href}, expected ${expectId}`);
    const bytes = srv.bytes();
    await ctx.close();
    return { ms, bytes };
  }
  const cases: [string, StaticServer, string, string, string | null][] = [
    ['real 120: 监督一点通', site, '监督一点通', '', '7186e4bc548a26a6'],
    [`synthetic ${N}: ${probe} (agency words)`, synth, probe, '', null],
    [`synthetic ${N}: ${probe}, year ${probeYear} + level ${probeLevel}`, synth, probe, `?year=${probeYear}&level=${probeLevel}`, probeId],
    [`synthetic ${N}: 依申请公开 (in every report)`, synth, '依申请公开', '', null],
  ];
  for (let run = 1; run <= RUNS; run++) {
    for (const [name, srv, q, params, id] of cases) {
      const r = await first(srv, q, params, id);
      push(`${name} ms`, r.ms); push(`${name} bytes`, r.bytes);
    }
  }
  await close(); await site.close(); await synth.close();

  const rows: string[][] = [
    ['index', 'real 120 (dist)', `synthetic ${N.toLocaleString()}`],
    ['parts', String(partsOf(join(DIST, 'data', 'search'))), String(st.parts)],
    ['files (fragments)', `${real.files} (${real.fragments})`, `${w.files} (${w.fragments})`],
    ['bytes on disk', mb(real.bytes), mb(w.bytes)],
    ['bytes per report', kb(real.bytes / real.fragments), kb(w.bytes / N)],
    ['largest file', kb(real.largest), kb(w.largest)],
    ['build time', '(in build:data)', `${buildS.toFixed(1)} s (${st.concurrency} processes)`],
  ];
  console.log(`\n${rows.map((r) => r.map((c, i) => c.padEnd(i ? 24 : 22)).join(' ')).join('\n')}`);
  console.log(`\nfirst narrative hit on the list page (median of ${RUNS}, from typing; includes the 200 ms debounce):`);
  for (const [name] of cases) console.log(`  ${name.padEnd(58)} ${String(Math.round(median(R[`${name} ms`]!))).padStart(6)} ms  ${kb(median(R[`${name} bytes`]!)).padStart(10)} fetched`);
}

try { await main(); } finally { rmSync(tmp, { recursive: true, force: true }); }
