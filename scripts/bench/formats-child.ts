/**
 * Child process of the formats bench. The PDF engines are timed each in a process of its own, and text
 * extraction in a process that read PDFs is compared with one that read none: one engine's heap, JIT state or
 * changes to built-ins must not weigh on another's figure. The parent sends one round at a time (so it can
 * alternate rounds between children, which then see the same machine load); the child answers with the CPU
 * time of that round, measured in itself.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { extractReport } from '../extract/report.ts';
import { readPdf } from '../read/pdf.ts';
import type { PdfEngineName } from '../read/pdf-geometry.ts';
import type { SourceDoc } from '../template/record.ts';

export type ChildRequest =
  | { op: 'pdf'; engine: PdfEngineName; files: string[] }
  | { op: 'text'; files: string[]; times: number }
  | { op: 'docs'; files: string[] }
  | { op: 'records'; docs: Array<[string, SourceDoc]> }
  | { op: 'restored' };
export type ChildReply = { cpuMs: number; threadMs?: number; n: number; restored?: string[]; docs?: Array<[string, SourceDoc]>; heapMB?: number; rssMB?: number };

const root = join(import.meta.dirname, '../..');
const cache = new Map<string, Uint8Array>();
const bytes = (f: string) => { let b = cache.get(f); if (!b) cache.set(f, (b = new Uint8Array(readFileSync(join(root, f))))); return b; };
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
/** CPU time of this (main) thread alone, where Linux tells it: the process figure also counts V8's background threads (GC, compilers). */
const threadMs = () => { try { return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6; } catch { return NaN; } };

async function run(req: ChildRequest): Promise<ChildReply> {
  if (req.op === 'restored') {
    // Started with --expose-gc by the bench: the heap figure is what is still alive, not garbage awaiting collection.
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { cpuMs: 0, n: 0, restored: (await import('../read/pdf-pdfjs.ts')).pdfjsRestored, heapMB: Math.round(m.heapUsed / 2 ** 20), rssMB: Math.round(m.rss / 2 ** 20) };
  }
  // PDFium's SourceDocs, for a process that builds records from them without ever running a PDF engine.
  if (req.op === 'docs') return { cpuMs: 0, n: 0, docs: await Promise.all(req.files.map(async (f) => [basename(f), await readPdf(bytes(f), basename(f))] as [string, SourceDoc])) };
  if (req.op === 'records') {
    const c0 = cpuMs();
    for (const [f, d] of req.docs) extractReport(d, f);
    return { cpuMs: cpuMs() - c0, n: req.docs.length };
  }
  const inputs = req.files.map((f) => [basename(f), bytes(f)] as const);
  const c0 = cpuMs(), t0 = threadMs();
  let n = 0;
  if (req.op === 'pdf') {
    // The same job as a build worker's: PDF → SourceDoc → record.
    for (const [f, b] of inputs) { extractReport(await readPdf(b, f, { engine: req.engine }), f); n++; }
  } else {
    for (let i = 0; i < req.times; i++) for (const [f, b] of inputs) { const o = await extractBytes(b, f); if (!o.ok) throw new Error(`bench input failed: ${o.reason}`); n++; }
  }
  return { cpuMs: cpuMs() - c0, threadMs: threadMs() - t0, n };
}

process.on('message', (req: ChildRequest) => {
  run(req).then((r) => process.send!(r), (e) => { console.error(e); process.exit(1); });
});
process.on('disconnect', () => process.exit(0));
