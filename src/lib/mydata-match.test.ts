/**
 * Matching reader keys to the corpus's agencies. The agencies are the bundled real reports' (their printed names
 * from tests/fixtures/expected/, agency keys by scripts/corpus/agency-key.ts, regions by the build's own resolver
 * scripts/extract/region.ts); the reader files are the ones made for the test in tests/fixtures/byod/.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { agencyKey } from '../../scripts/corpus/agency-key.ts';
import { resolveRegion } from '../../scripts/extract/region.ts';
import { entitiesOf, matchOne, matchAll, joinedKeys, counts, doubleJoined, foldCode, foldName, ambiguousRowsFor } from './mydata-match.ts';
import { parseBytes, duplicateKeys } from './mydata-parse.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXP = join(ROOT, 'tests', 'fixtures', 'expected');
const rows = readdirSync(EXP).filter((f) => f.endsWith('.expected.json')).map((f) => {
  const rec = JSON.parse(readFileSync(join(EXP, f), 'utf8'));
  const reg = resolveRegion(rec.agency, rec.parents ?? [], '');
  return { agency: rec.agency, agency_key: agencyKey(rec.agency), township: reg.township, region_code: reg.code, region_name: reg.name };
});
const ents = entitiesOf(rows);
const file = (n: string) => parseBytes(new Uint8Array(readFileSync(join(ROOT, 'tests', 'fixtures', 'byod', n))), n);

describe('entitiesOf', () => {
  it('makes one agency per agency key of the bundled reports', () => {
    expect(ents.length).toBe(23);
    const jj = ents.find((e) => e.key === '平潭综合实验区金井片区管理局')!;
    expect([jj.township, jj.region_code]).toEqual(['金井镇', '350128107']);
  });
});

describe('matchOne', () => {
  it('agency names: exact key, a name without its place prefix, a government ending', () => {
    expect(matchOne('雷鸣镇人民政府', 'agency', ents)).toMatchObject({ status: 'matched', keys: ['雷鸣镇'] });
    expect(matchOne('赵岗镇', 'agency', ents)).toMatchObject({ status: 'matched', keys: ['封丘县赵岗镇'] });
    expect(matchOne('市场监督管理局', 'agency', ents)).toMatchObject({ status: 'matched', keys: ['平潭综合实验区市场监督管理局'] });
    expect(matchOne('综合执法局', 'agency', ents).status).toBe('unmatched');
  });
  it('region names: township, 片区 by name stem, a county that fits several agencies', () => {
    expect(matchOne('金井片区', 'region', ents)).toMatchObject({ status: 'matched', keys: ['平潭综合实验区金井片区管理局'] });
    expect(matchOne('平潭县海坛街道', 'region', ents)).toMatchObject({ status: 'matched', keys: ['平潭综合实验区海坛片区管理局'] });
    const pt = matchOne('平潭县', 'region', ents);
    expect(pt.status).toBe('ambiguous');
    expect(pt.keys.length).toBe(14); // the 14 departments, whose region is the county itself
    expect(matchOne('七家子镇', 'region', ents).status).toBe('unmatched');
  });
  it('codes: 9-digit township, 12-digit NBS form, 6-digit county shared by many', () => {
    expect(matchOne('350128108', 'code', ents)).toMatchObject({ status: 'matched', keys: ['平潭综合实验区君山片区管理局'] });
    expect(matchOne('３５０１２８１０８０００', 'code', ents)).toMatchObject({ status: 'matched', keys: ['平潭综合实验区君山片区管理局'] });
    expect(matchOne('350128', 'code', ents).status).toBe('ambiguous');
    expect(matchOne('35012', 'code', ents).status).toBe('unmatched');
    expect(foldCode('35')).toBe('350000');
  });
});

describe('matchAll', () => {
  it('the GBK township table: 8 matched, 1 ambiguous, 1 unmatched', () => {
    const t = file('township-population-gbk.csv');
    const ms = matchAll(t.columns[0]!.text, 'region', ents);
    expect(counts(ms, {})).toEqual({ matched: 8, ambiguous: 1, unmatched: 1, fixed: 0 });
    expect(ms[9]!.status).toBe('ambiguous'); // 平潭县
    // the reader settles 平潭县 by hand: it now joins, and counts as fixed
    const fixes = { 9: '平潭综合实验区管委会办公室' };
    expect(counts(ms, fixes)).toEqual({ matched: 8, ambiguous: 0, unmatched: 1, fixed: 1 });
    expect(joinedKeys(ms, fixes)[9]).toBe('平潭综合实验区管委会办公室');
    expect(joinedKeys(ms, fixes)[8]).toBeNull();
    // before the fix, 平潭县 (row 10) is the one row that may hold the value of any of the 14 departments
    expect(ambiguousRowsFor(ms, {}, '平潭综合实验区管委会办公室')).toEqual([9]);
    expect(ambiguousRowsFor(ms, fixes, '平潭综合实验区管委会办公室')).toEqual([]);
    expect(ambiguousRowsFor(ms, {}, '平潭综合实验区君山片区管理局')).toEqual([]);
  });
  it('the budget table by agency name: 5 matched, 1 unmatched; and two rows that reach one agency are ambiguous', () => {
    const t = file('department-budget-utf8.csv');
    expect(counts(matchAll(t.columns[0]!.text, 'agency', ents), {})).toEqual({ matched: 5, ambiguous: 0, unmatched: 1, fixed: 0 });
    const ms = matchAll(['金井片区', '金井镇'], 'region', ents);
    expect(ms.map((m) => m.status)).toEqual(['ambiguous', 'ambiguous']);
    expect(doubleJoined(['a', 'b', 'a', null])).toEqual(['a']);
  });
  it('duplicate keys are found after folding', () => {
    const t = file('bad-duplicate-keys.csv');
    expect(duplicateKeys(t.columns[0]!.text, foldName)).toEqual(['金井片区', '君山镇人民政府']);
  });
});
