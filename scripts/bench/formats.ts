/**
 * Reports/s per format on this machine: the real reports and their renderings in every format
 * (tests/fixtures: real reports converted to HTML, PDF, DOCX, DOC), each extracted repeatedly in one process
 * on one core. Then the two PDF engines side by side on every readable real PDF fixture, each in processes of
 * its own (formats-child.ts), in alternating rounds so all see the same machine load; and the first text set
 * once more in those processes, in ones that read no PDF and in ones that only made records from PDF-made
 * SourceDocs: reading PDFs must not slow down the other formats afterwards (pdf.js's polyfills once did). Also runnable alone: `npm run bench -- --only formats`.
 */
import { fork } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import type { ChildReply, ChildRequest } from './formats-child.ts';
import type { BenchOptions, BenchSection } from './types.ts';

const root = join(import.meta.dirname, '../..');
const CHILD = fileURLToPath(new URL('./formats-child.ts', import.meta.url));
const SETS: Record<string, string[]> = {
  'text (tab, cell-per-line)': ['data/reports/000_fec3dc6b6efa534b.txt', 'data/reports/001_f9e7c90898d0e983.txt', 'data/reports/002_425035603a0bba90.txt', 'data/reports/003_17bc6c5624a3c32d.txt', 'data/reports/004_51f69ccf0222012c.txt'],
  'text (flattened)': ['data/reports/pingtan_001_junshan-pianqu_2022.txt', 'data/reports/pingtan_002_pingtan-lvyou-wenti-ju_2019.txt', 'data/reports/pingtan_003_pingtan-shichang-jianguan-ju_2019.txt', 'data/reports/pingtan_004_pingtan-guoziju_2019.txt'],
  'text (pdftotext -layout)': ['tests/fixtures/layouts/003_17bc6c5624a3c32d.layout.txt', 'tests/fixtures/layouts/005_junshan-pianqu_2022.layout.txt', 'tests/fixtures/layouts/006_pingtan-lvyou-wenti-ju_2019.layout.txt'],
  'text (GBK / UTF-16)': ['tests/fixtures/formats/000_fec3dc6b6efa534b.gbk.txt', 'tests/fixtures/formats/001_f9e7c90898d0e983.utf16le-bom.txt', 'tests/fixtures/formats/002_425035603a0bba90.gb18030.txt'],
  'HTML (real pages, Word HTML)': ['data/reports/pingtan_005_junshan-pianqu_2022.html', 'data/reports/pingtan_006_pingtan-lvyou-wenti-ju_2019.html', 'tests/fixtures/formats/003_17bc6c5624a3c32d.word-chrome.html'],
  PDF: ['tests/fixtures/pdf/003_17bc6c5624a3c32d.pdf', 'tests/fixtures/pdf/005_junshan-pianqu_2022.pdf', 'tests/fixtures/pdf/006_pingtan-lvyou-wenti-ju_2019.pdf'],
  DOCX: ['tests/fixtures/formats/004_51f69ccf0222012c.docx', 'tests/fixtures/formats/005_junshan-pianqu_2022.docx'],
  DOC: ['tests/fixtures/formats/004_51f69ccf0222012c.doc', 'tests/fixtures/formats/005_junshan-pianqu_2022.doc'],
};

/**
 * Untimed rounds before the engines' timed ones (210 PDFs). Measured 2026-12-08 in one process reading these PDFs
 * round after round: V8 is still optimizing functions that become hot only now (each of readPdf, extractTable3 and
 * runChecks takes 30–90 ms of TurboFan time, on background threads that the process's CPU time counts) and
 * re-optimizing after early deopts for some 30 rounds; after that a round costs the same.
 */
const PDF_WARMUP_ROUNDS = 30;

/**
 * Untimed text rounds in every process before the timed ones (2,000 reports): a process that ran 37 more rounds of the
 * text job than another extracted text ~25 % faster (2026-12-08), so without them the comparison is of processes still
 * warming up, whose spread hides a slowdown of the size looked for.
 */
const TEXT_WARMUP_ROUNDS = 20;

/** Every real report's PDF among the fixtures (those pdf.e2e.test.ts checks against the expected records). */
const PDF_ENGINE_SET = [
  '000_fec3dc6b6efa534b.pagebreak.pdf', '003_17bc6c5624a3c32d.pdf', '003_17bc6c5624a3c32d.running.pdf',
  '005_junshan-pianqu_2022.pdf', '005_junshan-pianqu_2022.chromium.pdf', '005_junshan-pianqu_2022.borderless.pdf',
  '006_pingtan-lvyou-wenti-ju_2019.pdf',
].map((f) => `tests/fixtures/pdf/${f}`);

type Row = BenchSection['rows'][number];
const row = (format: string, files: number, n: number, wall: number, cpuS: number, bytes: number): Row => ({
  format, files, reports: n, 'reports/s (wall)': Math.round(n / wall), 'reports/s per CPU-second': Math.round(n / cpuS),
  'ms/report (CPU)': (1000 * cpuS / n).toFixed(2), 'KB/report': Math.round(bytes / n / 1024),
});
const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };

async function timeSet(format: string, files: string[], seconds: number): Promise<Row> {
  const inputs = files.map((f) => [f, readFileSync(join(root, f))] as const);
  for (const [f, b] of inputs) { const o = await extractBytes(b, f); if (!o.ok) throw new Error(`bench input failed: ${o.reason}`); }
  const c0 = cpuNow();
  const t0 = performance.now();
  let n = 0;
  let bytes = 0;
  while (performance.now() - t0 < seconds * 1000) for (const [f, b] of inputs) { await extractBytes(b, f); n++; bytes += b.length; }
  return row(format, files.length, n, (performance.now() - t0) / 1000, cpuNow() - c0, bytes);
}

/** A child process (formats-child.ts) that runs one round per request and answers with its own CPU time. */
function child() {
  // --expose-gc: the memory figure at the end is the live heap after a full collection, not garbage not yet collected.
  const p = fork(CHILD, [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (req: ChildRequest) => new Promise<ChildReply>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`formats bench child exited (${code})`));
    p.once('exit', onExit);
    p.once('message', (r) => { p.off('exit', onExit); resolve(r as ChildReply); });
    p.send(req);
  });
  return { ask, close: () => p.disconnect() };
}
type Child = ReturnType<typeof child>;

const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** One process's timed rounds (CPU ms of the whole process, and of its main thread alone). */
type Rounds = { cpu: number[]; thread: number[]; n: number };

/**
 * Rounds alternated between the given processes, so all see the same machine load; the starting process moves
 * by one every round, so no process always runs right after the same other one. The first `warmup` rounds are
 * not timed with the rest (module instantiation, JIT, WebAssembly tier-up); their CPU time is returned apart.
 */
async function alternate(jobs: Array<[Child, ChildRequest]>, rounds: number, warmup = 1): Promise<Array<Rounds & { warm: number[] }>> {
  const out = jobs.map(() => ({ cpu: [] as number[], thread: [] as number[], n: 0, warm: [] as number[] }));
  for (let r = 0; r < warmup + rounds; r++) {
    for (let k = 0; k < jobs.length; k++) {
      const i = (r + k) % jobs.length;
      const [c, req] = jobs[i];
      const got = await c.ask(req);
      if (r < warmup) { out[i].warm.push(got.cpuMs); continue; }
      out[i].cpu.push(got.cpuMs); out[i].thread.push(got.threadMs ?? NaN); out[i].n = got.n;
    }
  }
  return out;
}

/** A condition's processes pooled: the median round, and the spread of the processes' own medians. */
function pooled(rs: Rounds[], key: 'cpu' | 'thread') {
  const perProcess = rs.map((r) => median(r[key]));
  return { median: median(rs.flatMap((r) => r[key])), low: Math.min(...perProcess), high: Math.max(...perProcess), n: rs[0].n };
}

/** Median over every (process j, round r) of condition ÷ the no-PDF condition's process j in the same round r. */
function pairedRatio(rs: Rounds[], base: Rounds[], key: 'cpu' | 'thread'): number {
  return median(rs.flatMap((r, j) => r[key].map((v, i) => v / base[j][key][i])));
}

const engineRow = (label: string, r: ReturnType<typeof pooled>, reports: number, bytes: number): Row => ({
  format: label, files: r.n, reports, 'reports/s (wall)': '—', 'reports/s per CPU-second': Math.round(r.n / (r.median / 1000)),
  'ms/report (CPU)': (r.median / r.n).toFixed(2), 'KB/report': Math.round(bytes / r.n / 1024),
});

export async function bench(opts: BenchOptions): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  const notes = [
    'CPU-second figures are the fair comparison on a loaded machine; wall figures include waiting for the CPU.',
    'Inputs are listed in scripts/bench/formats.ts; every one extracts to its expected record in the tests.',
    '"PDF" reads with the default engine (PDFium), in this process.',
  ];
  const seconds = opts.full ? 10 : 3;
  for (const [format, files] of Object.entries(SETS)) {
    rows.push(await timeSet(format, files, seconds));
    opts.log(`formats: ${format} done`);
  }
  const [firstText, firstFiles] = Object.entries(SETS)[0];
  // Several processes per condition (one process's own luck — where its heap and code landed, what ran beside it —
  // moved a single process's figure by tens of per cent): each engine's, a fourth kind that reads no PDF at all, and
  // one that makes the same records from PDFium's SourceDocs without running an engine (if text extraction slows
  // down there too, the cause is the shared extraction code having seen PDF-made input).
  const perCondition = opts.full ? 3 : 2;
  const make = () => Array.from({ length: perCondition }, child);
  // A fifth kind reads no PDF but does as many rounds of the text job while the others read PDFs: the control for how
  // much of a difference is only the extra warm-up the PDF rounds give the shared code.
  const pdfium = make(), pdfjs = make(), plain = make(), records = make(), warmed = make();
  const all = [...pdfium, ...pdfjs, ...plain, ...records, ...warmed];
  try {
    const rounds = opts.full ? 15 : 7;
    const pdfBytes = PDF_ENGINE_SET.reduce((s, f) => s + statSync(join(root, f)).size, 0);
    const text: ChildRequest = { op: 'text', files: firstFiles, times: 20 };
    const docs = (await pdfium[0].ask({ op: 'docs', files: PDF_ENGINE_SET })).docs!;
    const pdfJobs: Array<[Child, ChildRequest]> = [
      ...pdfium.map((c): [Child, ChildRequest] => [c, { op: 'pdf', engine: 'pdfium', files: PDF_ENGINE_SET }]),
      ...pdfjs.map((c): [Child, ChildRequest] => [c, { op: 'pdf', engine: 'pdfjs', files: PDF_ENGINE_SET }]),
      ...records.map((c): [Child, ChildRequest] => [c, { op: 'records', docs }]),
      ...warmed.map((c): [Child, ChildRequest] => [c, text]),
    ];
    // A build worker reads PDFs by the thousand: the per-PDF figure is a warm process's. A fresh process's first
    // rounds (module compile, JIT) are timed apart and printed as what a worker pays once.
    const warmup = PDF_WARMUP_ROUNDS;
    const pdfRounds = await alternate(pdfJobs, rounds, warmup);
    const fastRuns = pdfRounds.slice(0, perCondition), slowRuns = pdfRounds.slice(perCondition, 2 * perCondition);
    const fast = pooled(fastRuns, 'cpu'), slow = pooled(slowRuns, 'cpu');
    const engineLabel = (what: string) => `${what}, ${perCondition} processes, median of ${perCondition * rounds} rounds after ${warmup} untimed`;
    const n = PDF_ENGINE_SET.length;
    const coldRow = (what: string, runs: typeof pdfRounds): Row => {
      const cpu = runs.flatMap((r) => r.warm), pdfs = cpu.length * n, ms = cpu.reduce((s, x) => s + x, 0);
      return { format: `${what}, the ${warmup} warm-up rounds of ${perCondition} fresh processes (${pdfs} PDFs: module, JIT, tier-up)`, files: n, reports: pdfs, 'reports/s (wall)': '—', 'reports/s per CPU-second': Math.round(pdfs / (ms / 1000)), 'ms/report (CPU)': (ms / pdfs).toFixed(2), 'KB/report': Math.round(pdfBytes / n / 1024) };
    };
    rows.push(engineRow(engineLabel('PDF — PDFium (WASM), every real report PDF, own processes'), fast, fast.n * rounds * perCondition, pdfBytes));
    rows.push(engineRow(engineLabel('PDF — pdf.js (fallback), same PDFs, own processes'), slow, slow.n * rounds * perCondition, pdfBytes));
    rows.push(coldRow('PDF — PDFium (WASM)', fastRuns), coldRow('PDF — pdf.js (fallback)', slowRuns));
    opts.log('formats: PDF engines done');
    // The same text extraction in the processes that read PDFs with each engine and in ones that read none.
    const textRounds = opts.full ? 21 : 9;
    const textBytes = firstFiles.reduce((s, f) => s + statSync(join(root, f)).size, 0) * text.times;
    const groups = [plain, pdfium, pdfjs, records, warmed];
    const textRuns = await alternate(groups.flat().map((c): [Child, ChildRequest] => [c, text]), textRounds, TEXT_WARMUP_ROUNDS);
    const [none, afterPdfium, afterPdfjs, afterRecords, afterText] = groups.map((_, g) => textRuns.slice(g * perCondition, (g + 1) * perCondition));
    const what = ['read no PDF', 'had read the PDFs with PDFium', 'had read the PDFs with pdf.js', 'had made records from the PDFs\' SourceDocs, no engine', 'read no PDF but ran as many text rounds meanwhile'];
    const reports = firstFiles.length * text.times * textRounds * perCondition;
    for (const [g, runs] of [none, afterPdfium, afterPdfjs, afterRecords, afterText].entries()) {
      const p = pooled(runs, 'cpu');
      rows.push({ ...engineRow(`${firstText}, in processes that ${what[g]}, ${perCondition} processes, median of ${perCondition * textRounds} rounds after ${TEXT_WARMUP_ROUNDS} untimed`, p, reports, textBytes), 'ms/report (CPU)': `${(p.median / p.n).toFixed(2)} (${(p.low / p.n).toFixed(2)}–${(p.high / p.n).toFixed(2)})` });
    }
    // Each process's live heap (after a full collection) and RSS at the end: GC pressure is one suspect for a slowdown.
    const mem = await Promise.all(all.map((c) => c.ask({ op: 'restored' })));
    const restored = mem[perCondition * 1].restored ?? []; // a pdf.js process
    const memOf = (cs: Child[]) => cs.map((c) => { const m = mem[all.indexOf(c)]; return `${m.heapMB} / ${m.rssMB}`; }).join(', ');
    const pct = (x: number) => `${x >= 1 ? '+' : '−'}${Math.abs((x - 1) * 100).toFixed(0)} %`;
    const change = (key: 'cpu' | 'thread') => [afterPdfium, afterPdfjs, afterRecords, afterText].map((r) => pct(pairedRatio(r, none, key))).join(', ');
    notes.push(
      `The two engines side by side (own processes, alternating rounds, same PDFs, same job PDF → record): PDFium ${(slow.median / fast.median).toFixed(1)}× pdf.js per CPU-second.`,
      `Text extraction after reading PDFs, against processes that read none (median of the paired ratios, each round against the no-PDF process of the same number in the same round; positive = slower): ${change('cpu')} for the whole process with PDFium, with pdf.js, after only making records from PDF-made SourceDocs, and (the control) after as many rounds of text; main thread only, without V8's background threads: ${change('thread')}. In brackets after each ms/report: the lowest and highest of the processes' own medians.`,
      `What pdf.js changed on load, put back or removed: ${restored.join(', ') || 'nothing'}.`,
      `Live heap after a full collection / RSS at the end (MB), per process: no PDF ${memOf(plain)}; PDFium ${memOf(pdfium)}; pdf.js ${memOf(pdfjs)}; records only ${memOf(records)}; text only ${memOf(warmed)}.`,
    );
  } finally {
    for (const c of all) c.close();
  }
  return {
    title: 'Extraction speed per format (one process, one core; real reports and their renderings)',
    rows,
    notes,
  };
}
