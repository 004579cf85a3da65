import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractorVersion, rowsVersion } from './version.ts';

describe('cache versions', () => {
  it('the extractor version follows the extractor, the rows version the rows and findings code; tests count for neither', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'version-'));
    try {
      const put = async (rel: string, text: string) => { await mkdir(join(dir, rel, '..'), { recursive: true }); await writeFile(join(dir, rel), text); };
      await put('extract/table3.ts', 'export const a = 1;');
      await put('findings/copypaste.ts', 'export const b = 1;');
      await put('corpus/rows.ts', 'export const c = 1;');
      const v0 = { e: extractorVersion(dir), r: rowsVersion(dir) };
      await put('findings/copypaste.ts', 'export const b = 2;');
      const v1 = { e: extractorVersion(dir), r: rowsVersion(dir) };
      expect(v1.e).toBe(v0.e);
      expect(v1.r).not.toBe(v0.r);
      await put('extract/table3.test.ts', 'it("x", () => {});');
      await put('corpus/rows.test.ts', 'it("y", () => {});');
      expect({ e: extractorVersion(dir), r: rowsVersion(dir) }).toEqual(v1);
      await put('extract/table3.ts', 'export const a = 2;');
      expect(extractorVersion(dir)).not.toBe(v1.e);
      await put('corpus/rows.ts', 'export const c = 2;');
      expect(rowsVersion(dir)).not.toBe(v1.r);
    } finally { await rm(dir, { recursive: true, force: true }); }
  });
});
