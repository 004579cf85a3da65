/**
 * --merge DIR...: shard partial outputs → one published output, byte-identical to an unsharded build of
 * the same input (publish sees the same staging rows, and everything it writes is sorted).
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BuildIOError, UsageError } from './build.ts';
import { publish, type PublishStats } from './parquet.ts';
import { abandonSlot, checkOut, commitSlot, defaultStore, openSlot, placeFile } from './output.ts';

interface Partial { k: number; n: number; extractor_version: string }

export async function merge(dirs: string[], outArg: string, opts: { partitionByYear?: boolean; bucketDigits?: number; threads?: number; warn?: (s: string) => void; store?: string } = {}): Promise<PublishStats & { seconds: number }> {
  const t0 = Date.now();
  if (dirs.length === 0) throw new UsageError('--merge needs at least one shard output folder');
  const parts: Array<Partial & { dir: string }> = [];
  for (const d of dirs.map((x) => resolve(x))) {
    let p: Partial;
    try { p = JSON.parse(await readFile(join(d, 'partial.json'), 'utf8')) as Partial; } catch (e) {
      throw new BuildIOError(`--merge ${d}: not a shard output (no readable partial.json: ${(e as Error).message})`);
    }
    parts.push({ ...p, dir: d });
  }
  const n = parts[0]!.n;
  if (parts.some((p) => p.n !== n)) throw new UsageError(`--merge: shard outputs of different N (${[...new Set(parts.map((p) => p.n))].join(', ')})`);
  const ks = parts.map((p) => p.k);
  if (new Set(ks).size !== ks.length) throw new UsageError(`--merge: shard ${ks.find((k, i) => ks.indexOf(k) !== i)}/${n} given twice`);
  const versions = new Set(parts.map((p) => p.extractor_version));
  if (versions.size > 1) opts.warn?.(`merge: shards were built with different extractor versions (${[...versions].join(', ')})`);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !ks.includes(k));
  if (missing.length) opts.warn?.(`merge: shard(s) ${missing.map((k) => `${k}/${n}`).join(', ')} missing; the output covers only the shards given`);

  const out = resolve(outArg);
  const store = opts.store ? resolve(opts.store) : defaultStore(out);
  await checkOut(out, { inputs: parts.map((p) => ({ flag: '--merge', dir: p.dir })), store });
  let slot;
  try { slot = await openSlot(out, store); } catch (e) { throw new BuildIOError(`--out ${outArg}: cannot write (${(e as Error).message})`); }
  const tmp = slot.dir;
  try {
    for (const sub of ['records', 'sources']) {
      await mkdir(join(tmp, sub), { recursive: true });
      for (const p of parts.sort((a, b) => a.k - b.k)) {
        for (const f of await readdir(join(p.dir, sub)).catch(() => [] as string[])) placeFile(join(p.dir, sub, f), join(tmp, sub, f));
      }
    }
    const stats = await publish(parts.map((p) => join(p.dir, 'staging')), tmp, {
      workDir: join(tmp, '.work'), partitionByYear: opts.partitionByYear, bucketDigits: opts.bucketDigits, extractorVersion: [...versions].sort().join('+'), threads: opts.threads,
    });
    await rm(join(tmp, '.work'), { recursive: true, force: true });
    await commitSlot(slot);
    return { ...stats, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    await abandonSlot(slot);
    throw e;
  }
}
