/**
 * Reports/s per format on this machine: the real reports and their renderings in every format
 * (tests/fixtures: real reports converted to HTML, PDF, DOCX, DOC), each extracted repeatedly in one process
 * on one core. Then the two PDF engines side by side on every readable real PDF fixture (alternating rounds,
 * so both see the same machine load), and the first text set once more: reading PDFs must not slow down
 * the other formats afterwards (pdf.js's polyfills once did). Also runnable alone: `npm run bench -- --only formats`.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { extractReport } from '../extract/report.ts';
import { readPdf } from '../read/pdf.ts';
import type { PdfEngineName } from '../read/pdf-geometry.ts';
import type { BenchOptions, BenchSection } from './types.ts';

const root = join(import.meta.dirname, '../..');
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

/**
 * The same job (PDF → SourceDoc → record) with each engine forced, in alternating rounds (both see the same machine
 * load). Per engine: the median round's CPU time per PDF, which a burst of load on a shared machine does not move.
 */
async function timeEngines(rounds: number): Promise<Record<PdfEngineName, Row & { cpuMs: number }>> {
  const inputs = PDF_ENGINE_SET.map((f) => [basename(f), new Uint8Array(readFileSync(join(root, f)))] as const);
  const engines: PdfEngineName[] = ['pdfium', 'pdfjs'];
  const run = async (engine: PdfEngineName) => {
    for (const [f, b] of inputs) extractReport(await readPdf(b, f, { engine }), f);
  };
  for (const e of engines) await run(e); // warm-up: module instantiation, JIT
  const cpu: Record<PdfEngineName, number[]> = { pdfium: [], pdfjs: [] };
  const wall: Record<PdfEngineName, number> = { pdfium: 0, pdfjs: 0 };
  for (let r = 0; r < rounds; r++) {
    for (const e of engines) {
      const c0 = cpuNow(), w0 = performance.now();
      await run(e);
      cpu[e].push(cpuNow() - c0);
      wall[e] += (performance.now() - w0) / 1000;
    }
  }
  const bytes = inputs.reduce((s, [, b]) => s + b.length, 0);
  const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  const out = (e: PdfEngineName, label: string) => {
    const perRound = median(cpu[e]);
    const n = rounds * inputs.length;
    return { ...row(label, inputs.length, n, wall[e], perRound * rounds, bytes * rounds), cpuMs: (1000 * perRound) / inputs.length };
  };
  return {
    pdfium: out('pdfium', `PDF — PDFium (WASM), every real report PDF, median of ${rounds} rounds`),
    pdfjs: out('pdfjs', `PDF — pdf.js (fallback), same PDFs, median of ${rounds} rounds`),
  };
}

export async function bench(opts: BenchOptions): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  const seconds = opts.full ? 10 : 3;
  for (const [format, files] of Object.entries(SETS)) {
    rows.push(await timeSet(format, files, seconds));
    opts.log(`formats: ${format} done`);
  }
  const [firstText, firstFiles] = Object.entries(SETS)[0];
  // Text extraction right before pdf.js is first loaded and right after: the two rows should agree within noise.
  rows.push(await timeSet(`${firstText}, before pdf.js is loaded`, firstFiles, seconds));
  const engines = await timeEngines(opts.full ? 15 : 5);
  const { cpuMs: pdfiumMs, ...pdfiumRow } = engines.pdfium;
  const { cpuMs: pdfjsMs, ...pdfjsRow } = engines.pdfjs;
  rows.push(pdfiumRow, pdfjsRow);
  opts.log('formats: PDF engines done');
  rows.push(await timeSet(`${firstText}, after both PDF engines`, firstFiles, seconds));
  const { pdfjsRestored } = await import('../read/pdf-pdfjs.ts');
  const ratio = pdfjsMs / pdfiumMs;
  return {
    title: 'Extraction speed per format (one process, one core; real reports and their renderings)',
    rows,
    notes: [
      'CPU-second figures are the fair comparison on a loaded machine; wall figures include waiting for the CPU.',
      'Inputs are listed in scripts/bench/formats.ts; every one extracts to its expected record in the tests.',
      `"PDF" reads with the default engine (PDFium). The two engines side by side (alternating rounds, same PDFs, same job): PDFium ${ratio.toFixed(1)}× pdf.js per CPU-second.`,
      `What pdf.js changed on load, put back or removed: ${pdfjsRestored.join(', ') || 'nothing'}. The rows before and after the PDF engines time the same text extraction: they should agree within noise.`,
    ],
  };
}
