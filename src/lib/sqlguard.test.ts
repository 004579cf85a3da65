import { describe, it, expect } from 'vitest';
import { checkSql } from './sqlguard.ts';

describe('checkSql (read-only SQL console)', () => {
  it('accepts queries, CTEs, DESCRIBE and PRAGMA table_info, with comments and strings', () => {
    expect(checkSql("-- 统计\nSELECT count(*) FROM reports WHERE agency LIKE '%delete%'")).toMatchObject({ ok: true, statements: [expect.stringContaining('SELECT')] });
    expect(checkSql('WITH a AS (SELECT 1) SELECT * FROM a;').ok).toBe(true);
    expect(checkSql('DESCRIBE reports').ok).toBe(true);
    expect(checkSql("PRAGMA table_info('reports')").ok).toBe(true);
    expect(checkSql('SELECT 1; SELECT 2')).toMatchObject({ ok: true, statements: ['SELECT 1', 'SELECT 2'] });
  });
  it('rejects writes, extension loading, settings and file/URL reads', () => {
    for (const q of ['DROP TABLE reports', 'INSERT INTO reports VALUES (1)', 'SELECT 1; DELETE FROM reports', 'INSTALL parquet', 'LOAD httpfs',
      'SET autoload_known_extensions=true', "SELECT * FROM read_csv('http://x/y.csv')", "SELECT * FROM 'http://x/y.parquet'", "ATTACH 'x.db'",
      "COPY reports TO 'x.csv'", "WITH x AS (SELECT 1) INSERT INTO reports SELECT * FROM x", "PRAGMA enable_profiling", "SELECT * FROM parquet_scan('a')", '']) {
      expect(checkSql(q).ok, q).toBe(false);
    }
  });
});
