/**
 * The corpus-wide findings pass in a thread of its own (started by findings.ts): the digests and the records it loads
 * live and die in this thread's heap, so the publishing process does not carry them (~1 GB at 100,000 reports) into
 * the DuckDB phase. workerData: { digestFiles, published, outDir, file } → message { n } or an error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stageCorpusFindings } from './findings.ts';

const { digestFiles, published, outDir, file } = workerData as { digestFiles: string[]; published: string[]; outDir: string; file: string };
parentPort!.postMessage({ n: await stageCorpusFindings(digestFiles, new Set(published), outDir, file) });
