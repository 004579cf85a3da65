/**
 * The SQL console is read-only: only SELECT / WITH / FROM / VALUES / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN and
 * PRAGMA table_info / show_tables. Anything that writes, attaches, loads extensions, sets options or reads
 * files/URLs is rejected with the reason, before DuckDB sees it.
 *
 * This guard gives readers a clear message; it is not what keeps the console from reading other origins:
 * duck.ts switches DuckDB's external access off and locks the configuration before any query. The guard
 * works on DuckDB's tokens (strings '…', E'…' with backslash escapes, $tag$…$tag$, "quoted identifiers",
 * nested /* comments *\/), so a quoted function name or an escaped quote cannot hide a file read from it.
 */
export type Verdict = { ok: true; statements: string[] } | { ok: false; reason: string };

type Kind = 'word' | 'ident' | 'string' | 'punct' | 'other';
interface Token { kind: Kind; text: string; start: number; end: number }

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_$]/u;

/** DuckDB's tokens, without comments and whitespace; `null` with a reason when a string or comment is left open. */
export function tokenize(sql: string): { tokens: Token[] } | { error: string } {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') { const j = sql.indexOf('\n', i); i = j < 0 ? n : j + 1; continue; }
    if (c === '/' && sql[i + 1] === '*') {
      // block comments nest in DuckDB's (PostgreSQL's) grammar
      let depth = 1; i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; } else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      if (depth > 0) return { error: '注释没有结束（缺少 */）' };
      continue;
    }
    const prevWord = tokens.at(-1);
    const escapeString = c === "'" && prevWord?.kind === 'word' && prevWord.end === i && /^e$/i.test(prevWord.text);
    if (c === "'") {
      let j = i + 1; let closed = false;
      while (j < n) {
        if (escapeString && sql[j] === '\\') { j += 2; continue; }
        if (sql[j] === "'") { if (sql[j + 1] === "'") { j += 2; continue; } closed = true; break; }
        j++;
      }
      if (!closed) return { error: '字符串没有结束（缺少 \'）' };
      if (escapeString) tokens.pop(); // E'…' is one string
      tokens.push({ kind: 'string', text: sql.slice(i + 1, j), start: escapeString ? prevWord!.start : start, end: j + 1 });
      i = j + 1; continue;
    }
    if (c === '"') {
      let j = i + 1; let closed = false;
      while (j < n) { if (sql[j] === '"') { if (sql[j + 1] === '"') { j += 2; continue; } closed = true; break; } j++; }
      if (!closed) return { error: '带引号的名称没有结束（缺少 "）' };
      tokens.push({ kind: 'ident', text: sql.slice(i + 1, j).replace(/""/g, '"'), start, end: j + 1 });
      i = j + 1; continue;
    }
    if (c === '$') {
      const m = /^\$([\p{L}_][\p{L}\p{N}_]*)?\$/u.exec(sql.slice(i, i + 200));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        if (close < 0) return { error: `字符串没有结束（缺少 ${m[0]}）` };
        tokens.push({ kind: 'string', text: sql.slice(i + m[0].length, close), start, end: close + m[0].length });
        i = close + m[0].length; continue;
      }
      let j = i + 1; while (j < n && /\d/.test(sql[j]!)) j++;
      tokens.push({ kind: 'other', text: sql.slice(i, j), start, end: j }); i = j; continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1; while (j < n && IDENT_PART.test(sql[j]!)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j).toLowerCase(), start, end: j }); i = j; continue;
    }
    if (/\d/.test(c)) {
      let j = i + 1; while (j < n && /[\d.eE_]/.test(sql[j]!)) j++;
      tokens.push({ kind: 'other', text: sql.slice(i, j), start, end: j }); i = j; continue;
    }
    tokens.push({ kind: 'punct', text: c, start, end: i + 1 }); i++;
  }
  return { tokens };
}

const START = new Set(['select', 'with', 'from', 'values', 'describe', 'show', 'summarize', 'explain', 'pragma']);
const PRAGMAS = new Set(['table_info', 'show_tables', 'show_tables_expanded', 'show']);
const FORBIDDEN = new Set(['insert', 'update', 'delete', 'merge', 'create', 'drop', 'alter', 'attach', 'detach', 'copy', 'install', 'load',
  'set', 'reset', 'call', 'export', 'import', 'checkpoint', 'vacuum', 'use', 'truncate', 'grant', 'revoke', 'begin', 'commit', 'rollback',
  'prepare', 'execute', 'deallocate']);
/** Functions that read files or URLs, or run a query given as a string (which this guard cannot see into). */
const FILE_FUNC = /^(read_\w+|\w+_scan|glob|parquet_\w+|sniff_csv|query|query_table|load_extension|iceberg_\w+|delta_\w+|getvariable)$/;
/** Keywords after which a name is a table (or, when quoted as a string, a file DuckDB would read). */
const TABLE_POSITION = new Set(['from', 'join', 'pivot', 'unpivot', 'pivot_wider', 'pivot_longer']);
/** Keywords that end a FROM clause (or start a subquery in it). */
const CLAUSE_END = new Set(['where', 'group', 'having', 'order', 'limit', 'offset', 'qualify', 'window', 'union', 'except', 'intersect',
  'select', 'on', 'using', 'returning', 'values', 'with']);
/** A quoted name DuckDB would read as a file or URL (replacement scan): a path, a URL, a glob or a file extension. */
const PATHLIKE = /[/\\:*?{}[\]]|\.\w{1,10}$/;
const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function checkStatement(t: Token[]): string | null {
  const first = t[0]!;
  if (!(first.kind === 'word' && START.has(first.text)) && first.text !== '(') {
    return `只允许查询语句（SELECT / WITH / DESCRIBE / SHOW / PRAGMA table_info）：${first.text}`;
  }
  if (first.text === 'pragma') {
    const p = t[1];
    if (!p || p.kind !== 'word' || !PRAGMAS.has(p.text)) return `只读控制台不允许 PRAGMA ${p?.text ?? ''}`.trim();
    for (const a of t.slice(2)) {
      if ((a.kind === 'string' || a.kind === 'ident') && !PLAIN_NAME.test(a.text)) return 'PRAGMA table_info 只接受表名，不接受文件或网址';
    }
    return null;
  }
  // which clause each parenthesis depth is in: 'from' (table position), 'call' (function arguments) or other
  const clause: string[] = [first.text === 'describe' || first.text === 'summarize' || first.text === 'show' ? 'from' : 'other'];
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    const prev = t[k - 1];
    const d = clause.length - 1;
    if (tok.kind === 'word' && FORBIDDEN.has(tok.text)) return `只读控制台不允许 ${tok.text.toUpperCase()}`;
    const next = t[k + 1];
    if ((tok.kind === 'word' || tok.kind === 'ident') && next?.text === '(' && FILE_FUNC.test(tok.text.toLowerCase())) {
      return `不允许读取文件或网址的函数：${tok.text}()`;
    }
    if (tok.text === '(' && tok.kind === 'punct') {
      const isCall = prev && (prev.kind === 'word' || prev.kind === 'ident') && !['from', 'join', 'in', 'exists', 'as', 'lateral'].includes(prev.text);
      const opensTable = clause[d] === 'from' && prev && (TABLE_POSITION.has(prev.text) || prev.text === ',' || prev.text === 'lateral');
      clause.push(isCall ? 'call' : opensTable ? 'from' : 'other');
      continue;
    }
    if (tok.text === ')' && tok.kind === 'punct') { if (clause.length > 1) clause.pop(); continue; }
    if (tok.kind === 'word' && TABLE_POSITION.has(tok.text)) { clause[d] = 'from'; continue; }
    if (tok.kind === 'word' && CLAUSE_END.has(tok.text)) { clause[d] = 'other'; continue; }
    if (clause[d] === 'from') {
      if (tok.kind === 'string') return '不允许 FROM \'文件或网址\'：请查询已发布的表';
      if (tok.kind === 'ident' && PATHLIKE.test(tok.text)) return `不允许把文件或网址当作表：“${tok.text}”`;
    }
  }
  return null;
}

export function checkSql(sql: string): Verdict {
  const lexed = tokenize(sql);
  if ('error' in lexed) return { ok: false, reason: lexed.error };
  const stmts: string[] = [];
  let cur: Token[] = [];
  const flush = (): string | null => {
    if (!cur.length) return null;
    const why = checkStatement(cur);
    if (why) return why;
    stmts.push(sql.slice(cur[0]!.start, cur.at(-1)!.end).trim());
    cur = [];
    return null;
  };
  for (const tok of lexed.tokens) {
    if (tok.kind === 'punct' && tok.text === ';') { const why = flush(); if (why) return { ok: false, reason: why }; } else cur.push(tok);
  }
  const why = flush();
  if (why) return { ok: false, reason: why };
  if (!stmts.length) return { ok: false, reason: '请输入查询语句' };
  return { ok: true, statements: stmts };
}
