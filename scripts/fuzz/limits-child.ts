/**
 * Child process for limits.test.ts: extract one file, print one JSON line with the outcome, the time
 * and the peak resident memory (sampled), so the test can state and check both limits.
 */
import { extractFile } from '../extract/file.ts';

const file = process.argv[2]!;
let peak = process.memoryUsage().rss;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const t0 = performance.now();
const out = await extractFile(file);
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
const summary = out.ok
  ? { ok: true, ms, peakMB: peak / 2 ** 20, agency: out.record.agency, t3new: out.record.t3.new ?? null, warnings: out.record.warnings.length }
  : { ok: false, ms, peakMB: peak / 2 ** 20, code: out.code, reason: out.reason };
process.stdout.write(JSON.stringify(summary) + '\n');
