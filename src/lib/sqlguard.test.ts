import { describe, it, expect } from 'vitest';
import { checkSql, tokenize } from './sqlguard.ts';

const URL = 'http://127.0.0.1:9/canary.csv';

describe('checkSql (read-only SQL console)', () => {
  it('accepts queries, CTEs, DESCRIBE and PRAGMA table_info, with comments and strings', () => {
    expect(checkSql("-- 统计\nSELECT count(*) FROM reports WHERE agency LIKE '%delete%'")).toMatchObject({ ok: true, statements: [expect.stringContaining('SELECT')] });
    expect(checkSql('WITH a AS (SELECT 1) SELECT * FROM a;').ok).toBe(true);
    expect(checkSql('DESCRIBE reports').ok).toBe(true);
    expect(checkSql("PRAGMA table_info('reports')").ok).toBe(true);
    expect(checkSql('SELECT 1; SELECT 2')).toMatchObject({ ok: true, statements: ['SELECT 1', 'SELECT 2'] });
  });

  it('accepts the console\'s own kinds of query: joins with ON, URLs and semicolons inside WHERE strings, quoted aliases, subqueries in FROM', () => {
    for (const q of [
      "SELECT r.agency AS 机关, r.year AS 年度, c.rule\nFROM checks c JOIN reports r ON r.id = c.report_id\nWHERE c.status = 'fail'\nORDER BY r.agency, r.year;",
      "SELECT r.agency, s.title FROM sections s JOIN reports r ON r.id = s.report_id WHERE s.text LIKE '%依申请%' LIMIT 50;",
      "SELECT count(*) FROM reports WHERE source_url = 'http://www.gov.cn/a.html' OR agency IN ('a;b', 'c')",
      'SELECT agency AS "公开率 (%)" FROM "reports"',
      "SELECT * FROM (SELECT agency, 'x.csv' AS f FROM reports) t, cells WHERE t.agency = 'x'",
      'FROM reports SELECT year',
      "SELECT E'it\\'s' AS s, $$a ' b$$ AS d FROM reports",
      'SELECT * FROM reports USING SAMPLE 10',
      'SELECT * FROM range(3) t(x)',
    ]) expect(checkSql(q), q).toMatchObject({ ok: true });
  });

  it('rejects writes, extension loading, settings and file/URL reads', () => {
    for (const q of ['DROP TABLE reports', 'INSERT INTO reports VALUES (1)', 'SELECT 1; DELETE FROM reports', 'INSTALL parquet', 'LOAD httpfs',
      'SET autoload_known_extensions=true', "SELECT * FROM read_csv('http://x/y.csv')", "SELECT * FROM 'http://x/y.parquet'", "ATTACH 'x.db'",
      "COPY reports TO 'x.csv'", "WITH x AS (SELECT 1) INSERT INTO reports SELECT * FROM x", "PRAGMA enable_profiling", "SELECT * FROM parquet_scan('a')", '']) {
      expect(checkSql(q).ok, q).toBe(false);
    }
  });

  // the statements that passed the earlier, regex-based guard and fetched another origin's content, and relatives
  it.each([
    [`SELECT * FROM "read_csv"('${URL}')`, 'read_csv'],
    [`SELECT * FROM "READ_CSV" ('${URL}')`, 'READ_CSV'],
    [`SELECT * FROM "${URL}"`, '文件或网址'],
    [`SELECT * FROM reports, '${URL}'`, 'FROM'],
    [`SELECT * FROM reports JOIN '${URL}' ON true`, 'FROM'],
    [`SELECT * FROM (FROM '${URL}')`, 'FROM'],
    [`SELECT * FROM ('${URL}')`, 'FROM'],
    [`SELECT * FROM query('SELECT * FROM ''${URL}''')`, 'query'],
    [`SELECT * FROM query_table('${URL}')`, 'query_table'],
    [`SELECT E'\\'' AS q, * FROM '${URL}'`, 'FROM'],
    [`SELECT * FROM $$${URL}$$`, 'FROM'],
    [`SELECT * FROM $t$${URL}$t$`, 'FROM'],
    [`DESCRIBE '${URL}'`, 'FROM'],
    [`SUMMARIZE '${URL}'`, 'FROM'],
    [`SELECT * FROM "glob"('${URL}')`, 'glob'],
    [`SELECT * FROM main."read_text"('${URL}')`, 'read_text'],
    [`PRAGMA table_info('${URL}')`, '表名'],
    [`/* /* */ SELECT 1 */ SELECT * FROM '${URL}'`, 'FROM'],
    [`SELECT * FROM /* ; */ '${URL}'`, 'FROM'],
    [`SELECT * FROM reports, LATERAL (SELECT * FROM '${URL}')`, 'FROM'],
    [`SELECT 1 FROM reports PIVOT '${URL}' ON year`, 'FROM'],
    [`SELECT 'unterminated`, '没有结束'],
    [`SELECT E'\\' FROM '${URL}'`, '没有结束'],
  ])('rejects %s', (q, why) => {
    const v = checkSql(q);
    expect(v.ok).toBe(false);
    expect((v as { reason: string }).reason).toContain(why);
  });

  it('tokenizes E-strings with backslash escapes, dollar quotes and nested comments as DuckDB does', () => {
    const t = tokenize("SELECT E'a\\'b', $x$c'd$x$ /* /* */ still */ FROM \"t\"\"u\"");
    expect('tokens' in t && t.tokens.map((k) => [k.kind, k.text])).toEqual([
      ['word', 'select'], ['string', "a\\'b"], ['punct', ','], ['string', "c'd"], ['word', 'from'], ['ident', 't"u'],
    ]);
  });
});
