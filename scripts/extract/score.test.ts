/** The scoring of real reports against their expected records: a wrong number is counted as wrong, never as a miss. */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gradeRecord, score } from './score.ts';
import { extractFile } from './file.ts';
import { loadExpected } from './expected.ts';

const root = join(import.meta.dirname, '../..');

describe('score:real', () => {
  it('the bundled real reports score 100% with 0 wrong numbers', async () => {
    const expectedDir = join(root, 'tests/fixtures/expected');
    const r = await score(join(root, 'data/reports'), expectedDir);
    // 121 expected records; the two saved HTML pages are scored against their text copy's record too
    const n = readdirSync(expectedDir).filter((f) => f.endsWith('.expected.json')).length;
    expect(n).toBe(121);
    expect(r.reports).toBe(123);
    expect(r.wrong).toEqual([]);
    expect(r.exact).toBe(123);
    expect(r.right).toBe(r.cells);
  });
  it('grades a changed value as WRONG and a nulled one as missed (003 封丘县赵岗镇)', async () => {
    const out = await extractFile(join(root, 'data/reports/003_17bc6c5624a3c32d.txt'));
    if (!out.ok) throw new Error(out.reason);
    const exp = loadExpected('003_17bc6c5624a3c32d.expected.json');
    const rec = out.record;
    expect(gradeRecord(rec, exp).wrong).toEqual([]);
    const want = exp.t3.new[0];
    rec.t3.new![0] = want + 1;
    rec.t4[0] = null;
    const g = gradeRecord(rec, exp);
    expect(g.wrong).toEqual([`t3.new[0]: ${want + 1}, expected ${want}`]);
    expect(g.missed.some((m) => m.startsWith('t4[0]: null'))).toBe(exp.t4[0] !== null);
    expect(g.right).toBe(g.cells - 1 - (exp.t4[0] !== null ? 1 : 0));
  });
  it('a refused report counts every expected value as missed, none as wrong', () => {
    const exp = loadExpected('000_fec3dc6b6efa534b.expected.json');
    const g = gradeRecord(null, exp);
    expect(g.wrong).toEqual([]);
    expect(g.missed.length).toBeGreaterThan(50);
  });
});
