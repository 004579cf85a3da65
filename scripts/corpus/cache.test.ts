import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOf, encodeLines } from './bundle.ts';
import { ExtractCache, putCache } from './cache.ts';
import { placeFile } from './output.ts';
import { runJob } from './job.ts';

const NAME = '002_425035603a0bba90.txt';
const bytes = readFileSync(new URL(`../../data/reports/${NAME}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extraction cache entries', () => {
  it('hold a real report\'s rows and record as bytes, and anything truncated or garbled is a miss, never a wrong hit', async () => {
    const r = await runJob(bytes, NAME);
    const { bundle, recordJson } = bundleOf({ rel: NAME, id: 'id', sha256: 'f'.repeat(64), sidecar: null, size: bytes.length }, r);
    const parts = encodeLines(bundle.lines!);
    const cache = new ExtractCache(dir, 'v1');
    const slot = cache.slot('f'.repeat(64), NAME, null)!;
    putCache(slot, bundle, parts, Buffer.from(recordJson!));
    const hit = cache.get(slot)!;
    expect(hit.bundle).toEqual({ ...bundle, lines: null });
    expect(hit.parts.reports!.toString()).toBe(bundle.lines!.reports);
    expect(JSON.parse(readFileSync(hit.record!, 'utf8')).t2.licensing).toBe(295); // 雷鸣镇 2023: 行政许可 295
    // another version, another path: other entries
    expect(new ExtractCache(dir, 'v2').get(new ExtractCache(dir, 'v2').slot('f'.repeat(64), NAME, null))).toBeNull();
    const full = readFileSync(slot);
    truncateSync(slot, full.length - 10);
    expect(cache.get(slot)).toBeNull();
    writeFileSync(slot, Buffer.concat([full, Buffer.from('x')]));
    expect(cache.get(slot)).toBeNull();
    writeFileSync(slot, Buffer.from('{"bundle":'));
    expect(cache.get(slot)).toBeNull();
    writeFileSync(slot, full);
    expect(cache.get(slot)).not.toBeNull();
    // the record beside it: cut short or missing is a miss too
    const record = readFileSync(hit.record!);
    truncateSync(hit.record!, record.length - 1);
    expect(cache.get(slot)).toBeNull();
    rmSync(hit.record!);
    expect(cache.get(slot)).toBeNull();
    writeFileSync(hit.record!, record);
    expect(cache.get(slot)).not.toBeNull();
  });

  it('place a cached record into records/ as a hard link (no second copy of its bytes), replacing a file already there', async () => {
    const r = await runJob(bytes, NAME);
    const { bundle, recordJson } = bundleOf({ rel: NAME, id: 'id', sha256: 'e'.repeat(64), sidecar: null, size: bytes.length }, r);
    const slot = new ExtractCache(dir, 'v1').slot('e'.repeat(64), NAME, null)!;
    const cached = putCache(slot, bundle, encodeLines(bundle.lines!), Buffer.from(recordJson!))!;
    const dest = join(dir, 'placed.json');
    writeFileSync(dest, 'stale');
    placeFile(cached, dest);
    expect(statSync(dest).ino).toBe(statSync(cached).ino);
    expect(readFileSync(dest, 'utf8')).toBe(recordJson);
    placeFile(null, join(dir, 'written.json'), Buffer.from('{}'));
    expect(readFileSync(join(dir, 'written.json'), 'utf8')).toBe('{}');
  });

  it('keep failures that describe the file, not the ones that describe the run', () => {
    const cache = new ExtractCache(dir, 'v1');
    for (const code of ['empty', 'timeout', 'crash', 'io', 'output']) {
      const slot = cache.slot(code.padEnd(64, '0'), 'x.txt', null)!;
      putCache(slot, { ok: false, code, reason: 'r', format: null, lines: null }, null, null);
      expect(cache.get(slot)?.bundle.code ?? null, code).toBe(code === 'empty' ? 'empty' : null);
    }
  });
});
