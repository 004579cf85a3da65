/**
 * The derived measure's SQL, run in DuckDB over the bundled real reports (new applications of tables 三 as their
 * expected records hold them) joined to the GBK township table made for the test (tests/fixtures/byod/).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { agencyKey } from '../../scripts/corpus/agency-key.ts';
import { resolveRegion } from '../../scripts/extract/region.ts';
import { parseBytes } from './mydata-parse.ts';
import { entitiesOf, matchAll, joinedKeys } from './mydata-match.ts';
import { derivedPlan, derivedLabel } from './mydata-sql.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXP = join(ROOT, 'tests', 'fixtures', 'expected');
const recs = readdirSync(EXP).filter((f) => f.endsWith('.expected.json')).map((f) => JSON.parse(readFileSync(join(EXP, f), 'utf8')));
const lit = (v: any) => (v == null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

async function query(sql: string, mydata: Array<[string | null, number | null]>) {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const rows = recs.map((r) => `(${[agencyKey(r.agency), r.year, r.level, null, r.template, r.t3?.new?.[6] ?? null].map(lit).join(', ')})`);
  await conn.run(`CREATE TABLE reports AS SELECT * FROM (VALUES ${rows.join(', ')}) t(agency_key, year, level, province, template, t3_new_total)`);
  await conn.run(`CREATE TABLE mydata AS SELECT * FROM (VALUES ${mydata.map(([k, v]) => `(${lit(k)}, ${lit(v)}::DOUBLE)`).join(', ')}) t(agency_key, "常住人口")`);
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, any>>;
}

describe('derivedPlan', () => {
  it('new applications per 10,000 residents, by agency, 2024: Σ÷Σ×10,000 over the matched townships', async () => {
    const t = parseBytes(new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/byod/township-population-gbk.csv'))), 'township-population-gbk.csv');
    const ents = entitiesOf(recs.map((r) => { const g = resolveRegion(r.agency, r.parents ?? [], ''); return { agency: r.agency, township: g.township, region_code: g.code, region_name: g.name }; }));
    const keys = joinedKeys(matchAll(t.columns[0]!.text, 'region', ents), {});
    const pop = t.columns[1]!.values!;
    const p = derivedPlan({ m: 'new', g: 'agency', year: '2024' }, { col: '常住人口', scale: 10000 });
    if ('error' in p) throw new Error(p.error);
    const res = await query(p.sql, keys.map((k, i) => [k, pop[i]!]));
    const by = Object.fromEntries(res.map((r) => [r.k, r]));
    // 金井片区管理局 2024: 8 new applications (its report); 52,300 residents (the made-up table) → 1.5296…
    expect(recs.find((r) => r.agency === '平潭综合实验区金井片区管理局' && r.year === 2024).t3.new[6]).toBe(8);
    expect(Number(by['平潭综合实验区金井片区管理局'].v)).toBeCloseTo(8 / 52300 * 10000, 10);
    expect(Number(by['平潭综合实验区君山片区管理局'].v)).toBeCloseTo(5 / 38600 * 10000, 10);
    expect(by['平潭综合实验区金井片区管理局'].n).toBe(1);
    expect(derivedLabel('new', { col: '常住人口', scale: 10000 })).toBe('本年新收政府信息公开申请数量 ÷ 常住人口 × 10,000');
  });
  it('pools across agencies and skips a blank on either side', async () => {
    const p = derivedPlan({ m: 'new', g: 'year', year: '2024' }, { col: '常住人口', scale: 1 });
    if ('error' in p) throw new Error(p.error);
    const res = await query(p.sql, [['平潭综合实验区金井片区管理局', 52300], ['平潭综合实验区君山片区管理局', 38600], ['平潭综合实验区海坛片区管理局', null]]);
    expect(res.length).toBe(1);
    expect(Number(res[0]!.v)).toBeCloseTo((8 + 5) / (52300 + 38600), 12);
    expect([res[0]!.n, res[0]!.reports]).toEqual([2, 3]);
  });
  it('refuses rates and groupings it cannot divide', () => {
    expect(derivedPlan({ m: 'open_rate', g: 'year' }, { col: 'x', scale: 1 })).toHaveProperty('error');
    expect(derivedPlan({ m: 'new', g: 'applicant' }, { col: 'x', scale: 1 })).toHaveProperty('error');
  });
});
