/**
 * npm run build:data [-- --input DIR] [--out DIR] [--jobs N] [--shard K/N] [--merge DIR...] [--partition-by-year | --bucket-digits N] [--no-cache] [--cache DIR] [--store DIR] [--no-search] [--quiet]
 * Exit 0 when the build ran (bad reports are listed in files/manifest, not errors); 2 for usage errors; 1 for I/O errors.
 */
import { availableParallelism } from 'node:os';
import { build, BuildIOError, parseShard, UsageError, type BuildResult } from '../corpus/build.ts';
import { merge } from '../corpus/merge.ts';
import { fmtSecs } from '../corpus/progress.ts';
import type { PublishStats } from '../corpus/parquet.ts';
import { buildSearchIndex, closeSearchService } from '../search/build-index.ts';

const USAGE = `usage: npm run build:data [-- --input DIR] [--out DIR] [--jobs N] [--shard K/N] [--partition-by-year | --bucket-digits N] [--no-cache | --cache DIR] [--store DIR] [--no-search] [--quiet]
       npm run build:data -- --merge SHARD_DIR... [--out DIR] [--partition-by-year | --bucket-digits N] [--store DIR]
defaults: --input data/reports  --out public/data  --jobs ${availableParallelism()}  --cache .cache/extract
--out becomes a link to the newest complete build, kept in --store (default: beside --out as .NAME.builds, or .output/ for
an --out inside the site's public/). --out must be empty, a link, or a previous build's output; never the input or the repository.
--bucket-digits: the tables read by id (cells, checks, sections, records, findings) as <table>/bucket=<first N hex digits
of the id>/; 0 = single files; default: by the number of reports (single files up to 1,024).`;

interface Args { input: string; out: string; jobs: number; shard: string | null; merge: string[] | null; partition: boolean; bucketDigits?: number; cache: string | null; store: string | null; quiet: boolean; search: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { input: 'data/reports', out: 'public/data', jobs: availableParallelism(), shard: null, merge: null, partition: false, cache: '.cache/extract', store: null, quiet: false, search: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--input': a.input = value(); break;
      case '--out': a.out = value(); break;
      case '--jobs': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--jobs wants a positive integer, got "${v}"`);
        a.jobs = Number(v); break;
      }
      case '--shard': a.shard = value(); parseShard(a.shard); break;
      case '--merge': {
        a.merge = [];
        while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) a.merge.push(argv[++i]!);
        if (inline) a.merge.unshift(inline);
        if (a.merge.length === 0) throw new UsageError('--merge needs at least one folder');
        break;
      }
      case '--partition-by-year': a.partition = true; break;
      case '--bucket-digits': {
        const v = value();
        if (!/^[0-4]$/.test(v)) throw new UsageError(`--bucket-digits wants 0 to 4, got "${v}"`);
        a.bucketDigits = Number(v); break;
      }
      case '--no-cache': a.cache = null; break;
      case '--cache': a.cache = value(); break;
      case '--store': a.store = value(); break;
      case '--quiet': a.quiet = true; break;
      // the search index is derived from the published tables; `npm run build:search` writes it later
      case '--no-search': a.search = false; break;
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (a.merge && a.shard) throw new UsageError('--merge and --shard cannot be combined');
  if (a.partition && a.bucketDigits !== undefined) throw new UsageError('--partition-by-year and --bucket-digits cannot be combined');
  return a;
}

function summary(r: PublishStats & { seconds: number } & Partial<BuildResult>, out: string): string {
  const lines = [
    `${r.partial ? 'shard output' : 'built'} ${out} in ${fmtSecs(r.seconds)}` + (r.publishSeconds !== undefined && !r.partial ? ` (publish ${fmtSecs(r.publishSeconds)})` : ''),
    `  read ${r.read} files · ok ${r.ok} · failed ${r.failed}` +
      (r.partial ? '' : ` · duplicates ${r.duplicates}`) + (r.metadata ? ` · collector metadata ${r.metadata}` : '') + (r.partial ? '' : ` · checks failed ${r.checksFailed}`) +
      (r.skipped?.length ? ` · skipped ${r.skipped.length}` : '') +
      (r.extracted !== undefined ? ` · extracted ${r.extracted}, from cache ${r.cached}` : ''),
  ];
  if (r.crossYear) lines.push(`  cross-year settling decided ${r.crossYear.cells} cell(s) in ${r.crossYear.runs} run(s); ${r.crossYear.ambiguous} cell(s) remain ambiguous (null, listed in the records)`);
  if (r.counts?.by_year.length) {
    lines.push(`  reports by year: ${r.counts.by_year.map((y) => `${y.year ?? '?'} ${y.reports}`).join(' · ')}`);
    lines.push(`  reports by level: ${r.counts.by_level.map((l) => `${l.level} ${l.reports}`).join(' · ')}`);
    const multi = r.counts.by_agency.filter((a) => a.years.length >= 2);
    lines.push(`  agencies: ${r.counts.by_agency.length} (${multi.length} with reports in 2 or more years, ${r.counts.by_agency.filter((a) => a.years.length >= 5).length} with 5 or more)`);
    for (const a of r.counts.by_agency.slice(0, 30)) lines.push(`    ${a.agency_key}: ${a.reports} (${a.years.join(', ')})`);
    if (r.counts.by_agency.length > 30) lines.push(`    … ${r.counts.by_agency.length - 30} more in manifest.json`);
  }
  if (r.conversions?.reused) lines.push(`  Parquet: ${r.conversions.reused} of ${r.conversions.reused + r.conversions.converted} table conversions unchanged since an earlier build (copied from the cache)`);
  if (r.failures.length) {
    lines.push('  failed:');
    for (const f of r.failures.slice(0, 50)) lines.push(`    ${f.path}: ${f.reason}`);
    if (r.failures.length > 50) lines.push(`    … ${r.failures.length - 50} more in the files table (files.parquet)`);
  }
  if (r.skipped?.length) {
    lines.push('  skipped (not opened):');
    for (const f of r.skipped.slice(0, 50)) lines.push(`    ${f.path}: ${f.reason}`);
    if (r.skipped.length > 50) lines.push(`    … ${r.skipped.length - 50} more in the files table (files.parquet)`);
  }
  if (r.duplicateList.length) {
    lines.push('  duplicates:');
    for (const d of r.duplicateList.slice(0, 50)) lines.push(`    ${d.path} → ${d.of}`);
    if (r.duplicateList.length > 50) lines.push(`    … ${r.duplicateList.length - 50} more in the files table (files.parquet)`);
  }
  if (r.partial) lines.push('  (partial output: duplicates and cross-year checks are settled by --merge)');
  return lines.join('\n') + '\n';
}

/** The static search index over the published tables, beside them (docs/SITE.md, "Search"). */
async function searchIndex(out: string): Promise<number> {
  const t0 = performance.now();
  try {
    const s = await buildSearchIndex(out);
    for (const e of s.errors) process.stderr.write(`search index: ${e}\n`);
    process.stdout.write(`  search index: ${s.records} reports in ${s.parts} parts → ${s.outDir} (${fmtSecs((performance.now() - t0) / 1000)})\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`build:data: search index not written: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await closeSearchService();
  }
}

async function main(): Promise<number> {
  let args: Args;
  try { args = parseArgs(process.argv.slice(2)); } catch (e) {
    process.stderr.write(`build:data: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    if (args.merge) {
      const r = await merge(args.merge, args.out, { partitionByYear: args.partition, bucketDigits: args.bucketDigits, threads: args.jobs, store: args.store ?? undefined, warn: (s) => process.stderr.write(s + '\n') });
      process.stdout.write(summary(r, args.out));
    } else {
      const r = await build({
        input: args.input, out: args.out, jobs: args.jobs, shard: args.shard ? parseShard(args.shard) : null,
        partitionByYear: args.partition, bucketDigits: args.bucketDigits, cacheDir: args.cache, store: args.store ?? undefined, progress: args.quiet ? false : process.stderr,
      });
      process.stdout.write(summary(r, args.out));
      // a shard is partial: its index is written by the merge, over all of the corpus
      if (r.partial) return 0;
    }
    return args.search ? await searchIndex(args.out) : 0;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`build:data: ${e.message}\n${USAGE}\n`); return 2; }
    const msg = e instanceof Error ? e.message : String(e);
    // the whole message: DuckDB's first line ("CSV Error on Line: N") does not say what is wrong, the lines after it do
    process.stderr.write(`build:data: ${e instanceof BuildIOError ? '' : 'I/O error: '}${msg.split('\n').slice(0, 12).join('\n  ')}\n`);
    return 1;
  }
}

process.exitCode = await main();
