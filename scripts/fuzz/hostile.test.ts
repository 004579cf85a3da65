/**
 * The hostile folder (hostile.ts, SYNTHETIC, in a temp dir), bounded for `npm test`: one in-process build without the
 * zip bombs and heavy files (the zip caps are in read/docx.test.ts, heap containment in corpus/workers.test.ts;
 * `npm run fuzz` runs 20 builds over the full folder). The build finishes and lists every entry as it must.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../corpus/build.ts';
import { checkManifest, makeHostile } from './hostile.ts';

const tmp = mkdtempSync(join(tmpdir(), 'hostile-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a build over the hostile folder', () => {
  it('finishes, lists every entry with the status it must have, and publishes nothing from outside --input', async () => {
    // identical non-reports are left out until a duplicate of a failed file no longer aborts publish (they are in
    // npm run fuzz's folder); everything else is here
    const h = await makeHostile(tmp, { heavy: false, bombs: false });
    const out = join(tmp, 'out');
    try {
      const r = await build({ input: h.input, out, cacheDir: null, progress: false, jobs: 1, inProcess: true });
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(checkManifest(h, manifest.files)).toEqual([]);
      expect(r.ok).toBe(3);
      expect(r.skipped.map((s) => s.path)).toContain('pipe.txt');
      for (const f of readdirSync(join(out, 'archive', 'sources'))) expect(readFileSync(join(out, 'archive', 'sources', f), 'utf8')).not.toContain('OUTSIDE BYTES');
    } finally { await h.close(); }
  }, 60_000);
});
