/** Child process of the corpus benchmark: one build, then its figures (with this process's peak RSS) as JSON. */
import { build } from '../corpus/build.ts';

const [input, out, cache, jobs, version, layout] = process.argv.slice(2);
// the parent passes one extractor version to every run, so edits to the extractor during a benchmark do not empty the cache
const r = await build({ input: input!, out: out!, cacheDir: cache!, jobs: Number(jobs), progress: false, extractorVersion: version, partitionByYear: layout === 'by-year' });
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({
  ok: r.ok, read: r.read, failed: r.failed, duplicates: r.duplicates, extracted: r.extracted, cached: r.cached, seconds: r.seconds, extractSeconds: r.extractSeconds, publishSeconds: r.publishSeconds, conversions: r.conversions,
  maxRssMB: process.resourceUsage().maxRSS / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6,
}) + '\n');
