/**
 * /data/'s paged lists: the browser's grouping and order of agencies must continue the build's first page (DuckDB
 * ORDER BY), and the page says which part of a list it shows. The agencies are those of the bundled real reports
 * (their printed names and years from tests/fixtures/expected/, keys by scripts/corpus/agency-key.ts).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { agencyKey } from '../../scripts/corpus/agency-key.ts';
import { agencyRows, byCodePoint, fileNote, matchesStatus, pageOf, shownNote, sizeParam, MAX_PAGE, MIN_PAGE, NOT_OK, ALL } from './datarows.ts';

const EXP = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'expected');
const recs = readdirSync(EXP).filter((f) => f.endsWith('.expected.json')).map((f) => JSON.parse(readFileSync(join(EXP, f), 'utf8')));
const rows = recs.map((r) => ({ agency: r.agency as string, agency_key: agencyKey(r.agency) as string | null, year: (r.year ?? null) as number | null }));

async function duck() {
  const c = await (await DuckDBInstance.create(':memory:')).connect();
  return async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson() as any[];
}
const lit = (s: string | null) => (s == null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);

describe('agencyRows', () => {
  it('groups the bundled reports by agency key in the order DuckDB gives the build (most reports, then key)', async () => {
    const q = await duck();
    // one printed title without a key: the row falls back to the title, as coalesce(agency_key, agency) does
    const input = [...rows, { agency: rows[0].agency, agency_key: null, year: 2020 }];
    await q(`CREATE TABLE r AS SELECT * FROM (VALUES ${input.map((r) => `(${lit(r.agency)}, ${lit(r.agency_key)}, ${r.year ?? 'NULL'})`).join(', ')}) t(agency, agency_key, year)`);
    const want = await q(`SELECT coalesce(agency_key, agency) AS k, count(*)::INTEGER AS n, list(year ORDER BY year) AS years FROM r GROUP BY 1 ORDER BY n DESC, k`);
    const got = agencyRows(input.map((r) => r.agency_key), input.map((r) => r.agency), input.map((r) => r.year));
    expect(got.map((a) => [a.key, a.n, a.years])).toEqual(want.map((w) => [w.k, Number(w.n), w.years.map((y: unknown) => (y == null ? null : Number(y)))]));
    expect(got.length).toBe(24); // the 23 agencies of the bundled corpus and the title without a key
    expect(got.find((a) => a.key === '平潭综合实验区财政金融局')).toEqual({ key: '平潭综合实验区财政金融局', n: 7, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025] });
  });

  it('orders names by code point as DuckDB does, also past the UTF-16 surrogates (𠀀 U+20000 after ！ U+FF01)', async () => {
    const q = await duck();
    const names = [...new Set(rows.map((r) => r.agency))].concat(['𠀀镇人民政府', '！镇人民政府', '\uE000镇', 'A局']);
    const want = (await q(`SELECT k FROM (VALUES ${names.map((n) => `(${lit(n)})`).join(', ')}) t(k) ORDER BY k`)).map((r) => r.k);
    expect([...names].sort(byCodePoint)).toEqual(want);
    expect(byCodePoint('𠀀', '！')).toBeGreaterThan(0); // plain `<` on UTF-16 says the opposite
  });
});

describe('paging', () => {
  it('page ranges, clamped to the list', () => {
    expect(pageOf(125, 2, 100)).toEqual({ page: 2, pages: 2, start: 100, end: 125 });
    expect(pageOf(125, 9, 100)).toEqual({ page: 2, pages: 2, start: 100, end: 125 });
    expect(pageOf(125, 0, 100)).toEqual({ page: 1, pages: 2, start: 0, end: 100 });
    expect(pageOf(0, 1, 50)).toEqual({ page: 1, pages: 1, start: 0, end: 0 });
    expect([sizeParam('3', 50), sizeParam('100000', 50), sizeParam('x', 50), sizeParam(null, 50), sizeParam('20', 50)]).toEqual([MIN_PAGE, MAX_PAGE, 50, 50, 20]);
  });

  it('says when a list is partial', () => {
    expect(shownNote(0, 23, 23)).toBe('共 23 个');
    expect(shownNote(0, 50, 1234)).toBe('显示前 50 个，共 1,234 个');
    expect(shownNote(100, 125, 125)).toBe('显示第 101–125 个，共 125 个');
  });

  it('the status filter and what a file row says', () => {
    expect(['ok', 'failed', 'duplicate', 'metadata', 'skipped'].filter((s) => matchesStatus(NOT_OK, s))).toEqual(['failed', 'duplicate', 'metadata', 'skipped']);
    expect(['ok', 'failed'].filter((s) => matchesStatus(ALL, s))).toEqual(['ok', 'failed']);
    const f = { path: 'a.txt', format: 'text', bytes: 1, reason: null, duplicate_of: null, report_id: null };
    expect(fileNote({ ...f, status: 'ok', report_id: '820ea4e94b74ac5c' })).toEqual({ report: '820ea4e94b74ac5c' });
    expect(fileNote({ ...f, status: 'duplicate', duplicate_of: '820ea4e94b74ac5c' })).toEqual({ duplicateOf: '820ea4e94b74ac5c' });
    expect(fileNote({ ...f, status: 'failed', reason: 'empty: 文件为空' })).toEqual({ text: 'empty: 文件为空' });
  });
});
