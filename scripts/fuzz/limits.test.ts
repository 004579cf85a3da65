/**
 * Resource limits of the text extractor. Each input is generated in a temp dir (never
 * committed) and extracted in a child process (limits-child.ts), which reports the time and the peak
 * resident memory, so a blow-up fails this test instead of the test runner.
 *
 * Stated limits, on this 2-core machine with other test files running beside it:
 *   - a text file of more than MAX_TEXT_CHARS characters (50 MB without tables; one 10 MB line) is refused
 *     as too_large, with a one-line reason naming the file;
 *   - a report with up to MAX_TEXT_CHARS characters (one ~0.9M-character line, a row of ~400k cells) is
 *     read, its numbers unchanged;
 *   - each within LIMIT_MS wall-clock and LIMIT_MB peak RSS (measured idle: ≤ 3.5 s and ≤ 260 MB).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS } from '../extract/report.ts';
import { normaliseText } from '../text/normalise.ts';
import { extractBytes } from '../extract/file.ts';
import { ROOT } from './cases.ts';

const LIMIT_MS = 15_000;
const LIMIT_MB = 512;
const dir = mkdtempSync(join(tmpdir(), 'gongkai-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChildOut { ok: boolean; ms: number; peakMB: number; code?: string; reason?: string; agency?: string; t3new?: Array<number | null> }

async function extractInChild(file: string): Promise<ChildOut> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/fuzz/limits-child.ts'), file], { cwd: ROOT, timeout: 120_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildOut;
}

const REPORT = join(ROOT, 'data/reports/001_f9e7c90898d0e983.txt');
const PROSE = '本年度，我镇认真贯彻落实政府信息公开条例，进一步加强培训，公开内容还不够丰富。';

describe('resource limits (text)', () => {
  it('50 MB of text without tables: refused as too_large, within the limits', async () => {
    const file = join(dir, 'fifty-mb.txt');
    const para = PROSE + '2023年1月15日\n';
    writeFileSync(file, para.repeat(Math.ceil((50 * 2 ** 20) / Buffer.byteLength(para))));
    const r = await extractInChild(file);
    expect(r.ok).toBe(false);
    expect(r.code).toBe('too_large');
    expect(r.reason).toMatch(/^fifty-mb\.txt: \d+ characters of text is more than the 1000000-character limit/);
    expect(r.reason).not.toMatch(/\n/);
    expect(r.ms).toBeLessThan(LIMIT_MS);
    expect(r.peakMB).toBeLessThan(LIMIT_MB);
  }, 120_000);

  it('one 10 MB line: refused as too_large, within the limits', async () => {
    const file = join(dir, 'one-line.txt');
    writeFileSync(file, PROSE.repeat(Math.ceil((10 * 2 ** 20) / Buffer.byteLength(PROSE))));
    const r = await extractInChild(file);
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
    expect(r.reason).toMatch(/^one-line\.txt: /);
    expect(r.ms).toBeLessThan(LIMIT_MS);
    expect(r.peakMB).toBeLessThan(LIMIT_MB);
  }, 120_000);

  it('a real report with a ~0.9M-character line of prose: read, its numbers unchanged, within the limits', async () => {
    const real = readFileSync(REPORT, 'utf8');
    const at = real.indexOf('\n', 200);
    const line = PROSE.repeat(Math.floor((MAX_TEXT_CHARS - real.length - 10) / PROSE.length));
    const file = join(dir, 'long-line-report.txt');
    writeFileSync(file, real.slice(0, at) + '\n' + line + real.slice(at));
    const base = await extractBytes(readFileSync(REPORT), REPORT);
    if (!base.ok) throw new Error(base.reason);
    const r = await extractInChild(file);
    expect(r.ok, r.reason).toBe(true);
    expect(r.agency).toBe(base.record.agency);
    expect(r.t3new).toEqual(base.record.t3.new);
    expect(r.ms).toBeLessThan(LIMIT_MS);
    expect(r.peakMB).toBeLessThan(LIMIT_MB);
  }, 120_000);

  it('a table row of ~400k tab cells: read without claiming them, within the limits', async () => {
    const real = readFileSync(REPORT, 'utf8');
    const file = join(dir, 'many-cells.txt');
    const text = real.replace('（一）予以公开', `（一）予以公开${'\t1'.repeat(400_000)}`);
    expect(text.length).toBeLessThan(MAX_TEXT_CHARS);
    writeFileSync(file, text);
    const r = await extractInChild(file);
    expect(r.ok, r.reason).toBe(true);
    expect(r.ms).toBeLessThan(LIMIT_MS);
    expect(r.peakMB).toBeLessThan(LIMIT_MB);
  }, 120_000);

  it('normaliseText is linear: 10M characters, mostly full-width forms, in under 2.5 s', () => {
    // Regression: a character-by-character string concatenation took ~8 s on 10 MB of text (~4 s here).
    const s = '１２３，ＡＢＣ本年新收'.repeat(Math.ceil(10_000_000 / 11));
    const t0 = performance.now();
    const out = normaliseText(s);
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(out.slice(0, 22)).toBe('123,ABC本年新收123,ABC本年新收');
    expect(out.length).toBe(s.length);
  });
});
