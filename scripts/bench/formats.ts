/**
 * Reports/s per format on this machine: the real reports and their renderings in every
 * format (tests/fixtures: real reports converted to HTML, PDF, DOCX, DOC), each extracted repeatedly
 * in one process on one core. Also runnable alone: `npm run bench -- --only formats`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
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

export async function bench(opts: BenchOptions): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  const seconds = opts.full ? 10 : 3;
  for (const [format, files] of Object.entries(SETS)) {
    const inputs = files.map((f) => [f, readFileSync(join(root, f))] as const);
    for (const [f, b] of inputs) { const o = await extractBytes(b, f); if (!o.ok) throw new Error(`bench input failed: ${o.reason}`); }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    let bytes = 0;
    while (performance.now() - t0 < seconds * 1000) for (const [f, b] of inputs) { await extractBytes(b, f); n++; bytes += b.length; }
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    rows.push({ format, files: files.length, reports: n, 'reports/s (wall)': Math.round(n / wall), 'reports/s per CPU-second': Math.round(n / cpuS), 'ms/report (CPU)': (1000 * cpuS / n).toFixed(2), 'KB/report': Math.round(bytes / n / 1024) });
    opts.log(`formats: ${format} done`);
  }
  return {
    title: 'Extraction speed per format (one process, one core; real reports and their renderings)',
    rows,
    notes: ['CPU-second figures are the fair comparison on a loaded machine; wall figures include waiting for the CPU.', 'Inputs are listed in scripts/bench/formats.ts; every one extracts to its expected record in the tests.'],
  };
}
