/**
 * Reports/s per format on this machine: the real reports and their renderings in every format
 * (tests/fixtures: real reports converted to HTML, PDF, DOCX, DOC), each extracted repeatedly in one process
 * on one core. Then the two PDF engines side by side on every readable real PDF fixture, each in a process of
 * its own (formats-child.ts), in alternating rounds so both see the same machine load; and the first text set
 * once more in those two processes and in one that read no PDF: reading PDFs must not slow down the other
 * formats afterwards (pdf.js's polyfills once did). Also runnable alone: `npm run bench -- --only formats`.
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
  const p = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (req: ChildRequest) => new Promise<ChildReply>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`formats bench child exited (${code})`));
    p.once('exit', onExit);
    p.once('message', (r) => { p.off('exit', onExit); resolve(r as ChildReply); });
    p.send(req);
  });
  return { ask, close: () => p.disconnect() };
}
type Child = ReturnType<typeof child>;

const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

/**
 * Rounds alternated between children (all see the same machine load); per child, the median round's CPU time,
 * which a burst of load on a shared machine does not move.
 */
async function alternate(children: Array<[Child, ChildRequest]>, rounds: number): Promise<ChildReply[]> {
  for (const [c, req] of children) await c.ask(req); // warm-up: module instantiation, JIT
  const cpu: number[][] = children.map(() => []), thread: number[][] = children.map(() => []);
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [i, [c, req]] of children.entries()) { const got = await c.ask(req); cpu[i].push(got.cpuMs); thread[i].push(got.threadMs ?? NaN); n = got.n; }
  }
  return cpu.map((xs, i) => ({ cpuMs: median(xs), threadMs: median(thread[i]), n }));
}

const engineRow = (label: string, r: ChildReply, rounds: number, bytes: number): Row => ({
  format: label, files: r.n, reports: r.n * rounds, 'reports/s (wall)': '—', 'reports/s per CPU-second': Math.round(r.n / (r.cpuMs / 1000)),
  'ms/report (CPU)': (r.cpuMs / r.n).toFixed(2), 'KB/report': Math.round(bytes / r.n / 1024),
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
  // Each engine in a process of its own, and a third process that reads no PDF at all.
  const pdfium = child(), pdfjs = child(), plain = child(), records = child();
  try {
    const rounds = opts.full ? 15 : 7;
    const pdfBytes = PDF_ENGINE_SET.reduce((s, f) => s + statSync(join(root, f)).size, 0);
    // The fourth process makes the same records from PDFium's SourceDocs without running an engine: if text
    // extraction slows down there too, the cause is the shared extraction code having seen PDF-made input.
    const docs = (await pdfium.ask({ op: 'docs', files: PDF_ENGINE_SET })).docs!;
    const [fast, slow] = await alternate([
      [pdfium, { op: 'pdf', engine: 'pdfium', files: PDF_ENGINE_SET }], [pdfjs, { op: 'pdf', engine: 'pdfjs', files: PDF_ENGINE_SET }], [records, { op: 'records', docs }],
    ], rounds);
    rows.push(engineRow(`PDF — PDFium (WASM), every real report PDF, own process, median of ${rounds} rounds`, fast, rounds, pdfBytes));
    rows.push(engineRow(`PDF — pdf.js (fallback), same PDFs, own process, median of ${rounds} rounds`, slow, rounds, pdfBytes));
    opts.log('formats: PDF engines done');
    // The same text extraction in the process that read PDFs with each engine and in one that read none.
    const text: ChildRequest = { op: 'text', files: firstFiles, times: 20 };
    const textRounds = opts.full ? 21 : 9;
    const textBytes = firstFiles.reduce((s, f) => s + statSync(join(root, f)).size, 0) * text.times;
    const [none, afterPdfium, afterPdfjs, afterRecords] = await alternate([[plain, text], [pdfium, text], [pdfjs, text], [records, text]], textRounds);
    const textLabel = (what: string) => `${firstText}, in a process that ${what}, median of ${textRounds} rounds`;
    rows.push(engineRow(textLabel('read no PDF'), none, textRounds, textBytes));
    rows.push(engineRow(textLabel('had read the PDFs with PDFium'), afterPdfium, textRounds, textBytes));
    rows.push(engineRow(textLabel('had read the PDFs with pdf.js'), afterPdfjs, textRounds, textBytes));
    rows.push(engineRow(textLabel('had made records from the PDFs\' SourceDocs, no engine'), afterRecords, textRounds, textBytes));
    // Each process's memory at the end (the 'restored' request also reports it): GC pressure is one suspect for a slowdown.
    const mem = await Promise.all([plain, pdfium, pdfjs, records].map((c) => c.ask({ op: 'restored' })));
    const restored = mem[2].restored ?? [];
    const pct = (r: ChildReply) => `${((r.cpuMs / none.cpuMs - 1) * 100).toFixed(0)} %`;
    const pctThread = (r: ChildReply) => `${((r.threadMs! / none.threadMs! - 1) * 100).toFixed(0)} %`;
    notes.push(
      `The two engines side by side (own processes, alternating rounds, same PDFs, same job PDF → record): PDFium ${(slow.cpuMs / fast.cpuMs).toFixed(1)}× pdf.js per CPU-second.`,
      `Text extraction after reading PDFs, against a process that read none: ${pct(afterPdfium)} with PDFium, ${pct(afterPdfjs)} with pdf.js, ${pct(afterRecords)} after only making records from PDF-made SourceDocs (positive = slower). Main thread only, without V8's background threads: ${pctThread(afterPdfium)}, ${pctThread(afterPdfjs)}, ${pctThread(afterRecords)}.`,
      `What pdf.js changed on load, put back or removed: ${restored.join(', ') || 'nothing'}.`,
      `Heap used / RSS at the end (MB): no PDF ${mem[0].heapMB} / ${mem[0].rssMB}, PDFium ${mem[1].heapMB} / ${mem[1].rssMB}, pdf.js ${mem[2].heapMB} / ${mem[2].rssMB}, records only ${mem[3].heapMB} / ${mem[3].rssMB}.`,
    );
  } finally {
    for (const c of [pdfium, pdfjs, plain, records]) c.close();
  }
  return {
    title: 'Extraction speed per format (one process, one core; real reports and their renderings)',
    rows,
    notes,
  };
}
