/**
 * The SQL console is read-only: only SELECT / WITH / FROM / VALUES / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN and
 * PRAGMA table_info / show_tables. Anything that writes, attaches, loads extensions, sets options or reads
 * files/URLs (read_*(), *_scan(), FROM '…') is rejected with the reason, before DuckDB sees it.
 */
export type Verdict = { ok: true; statements: string[] } | { ok: false; reason: string };

/** Replace string literals and comments with spaces (keeps positions), so keyword checks ignore them. */
export function maskSql(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      // keep the quotes so FROM '…' stays recognisable
      out += c + ' '.repeat(Math.max(0, Math.min(j, sql.length) - i - 1)) + (j < sql.length ? c : '');
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i); const end = j < 0 ? sql.length : j;
      out += ' '.repeat(end - i); i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2); const end = j < 0 ? sql.length : j + 2;
      out += ' '.repeat(end - i); i = end;
    } else { out += c; i++; }
  }
  return out;
}

const START = /^\s*(select|with|from|values|describe|show|summarize|explain|pragma\s+(table_info|show_tables|show_tables_expanded|show)\b|\()/i;
const FORBIDDEN = /\b(insert|update|delete|merge|create|drop|alter|attach|detach|copy|install|load|set|reset|call|export|import|checkpoint|vacuum|use|truncate|grant|revoke|begin|commit|rollback|prepare|execute|deallocate)\b/i;
const FILE_FUNCS = /\b(read_\w+|\w+_scan|glob|parquet_\w+|sniff_csv|duckdb_extensions|load_extension)\s*\(/i;

export function checkSql(sql: string): Verdict {
  const masked = maskSql(sql);
  const stmts: string[] = [];
  let last = 0;
  for (let i = 0; i <= masked.length; i++) {
    if (i === masked.length || masked[i] === ';') {
      const m = masked.slice(last, i);
      if (m.trim()) stmts.push(sql.slice(last, i).trim());
      if (m.trim()) {
        if (!START.test(m)) return { ok: false, reason: `只允许查询语句（SELECT / WITH / DESCRIBE / SHOW / PRAGMA table_info）：${m.trim().split(/\s+/)[0]}` };
        const f = FORBIDDEN.exec(m.replace(/^\s*pragma\s+\w+/i, ''));
        if (f) return { ok: false, reason: `只读控制台不允许 ${f[1].toUpperCase()}` };
        const ff = FILE_FUNCS.exec(m);
        if (ff) return { ok: false, reason: `不允许读取文件或网址的函数：${ff[1]}()` };
        if (/\b(from|join)\s*\(?\s*['"]/i.test(m.replace(/"[^"]*"\s*\./g, ''))) {
          // FROM 'file.csv' reads files; FROM "table" (a quoted identifier) is fine
          if (/\b(from|join)\s*\(?\s*'/i.test(m)) return { ok: false, reason: '不允许 FROM \'文件或网址\'：请查询已发布的表' };
        }
      }
      last = i + 1;
    }
  }
  if (!stmts.length) return { ok: false, reason: '请输入查询语句' };
  return { ok: true, statements: stmts };
}
