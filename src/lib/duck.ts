/**
 * DuckDB-WASM, loaded lazily (only the SQL console and the chart builder import this module).
 * The eh bundle is self-hosted from the npm package. DuckDB-WASM 1.32 has no Parquet reader without
 * downloading an extension, so tables are read with hyparquet and inserted as Arrow (docs/SITE.md).
 * Right after connecting, extension autoload/autoinstall and external access (every file and URL reader)
 * are switched off and the configuration is locked, so no statement can switch them back on: the tables
 * come in as Arrow, nothing needs a file or the network. The worker runs under the page's CSP (duckworker.ts).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import { startDuckWorker } from './duckworker.ts';
import { Table, makeData, makeVector, Utf8, Int32, Int64, Float64, Bool } from 'apache-arrow';
import { readTable, type Columns } from './parquet.ts';
import { isNumericType, plainValue } from './sqlvalues.ts';

export const TABLES = ['reports', 'cells', 'checks', 'sections', 'files', 'findings'] as const;

/**
 * Run once, in this order, before any query: never download an extension (the site must work offline and
 * behind the Great Firewall), never read a file or URL (a shared ?q= link must not make the reader's
 * browser fetch another origin), and lock the configuration so a query cannot undo either.
 */
export const LOCKDOWN = [
  'SET autoinstall_known_extensions=false',
  'SET autoload_known_extensions=false',
  'SET enable_external_access=false',
  'SET lock_configuration=true',
] as const;

let dbP: Promise<{ db: duckdb.AsyncDuckDB; conn: duckdb.AsyncDuckDBConnection }> | null = null;

export function getDuck() {
  if (!dbP) {
    dbP = (async () => {
      const g = globalThis as any;
      const worker: Worker = g.__atlasDuckWorker ?? startDuckWorker();
      g.__atlasDuckWorker = null; // one database per worker
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      await db.instantiate(new URL(ehWasm, location.href).href);
      const conn = await db.connect();
      for (const s of LOCKDOWN) await conn.query(s);
      return { db, conn };
    })().catch((e) => { dbP = null; throw e; });
  }
  return dbP;
}

/**
 * Columns → Arrow without arrow's Builder (its null check is generated with `new Function`, which the
 * site's CSP forbids): buffers are filled directly, which is also faster for 100k-row tables.
 */
export function toArrow(c: Columns): Table {
  const vecs: Record<string, any> = {};
  const enc = new TextEncoder();
  for (const n of c.names) {
    const vals = c.data[n];
    const len = vals.length;
    const nullBitmap = new Uint8Array((len + 7) >> 3);
    let nullCount = 0;
    for (let i = 0; i < len; i++) { if (vals[i] == null) nullCount++; else nullBitmap[i >> 3] |= 1 << (i & 7); }
    const t = c.types[n];
    let data: any;
    if (t === 'VARCHAR') {
      const valueOffsets = new Int32Array(len + 1);
      const parts: Uint8Array[] = [];
      let off = 0;
      for (let i = 0; i < len; i++) {
        if (vals[i] != null) { const b = enc.encode(String(vals[i])); parts.push(b); off += b.length; }
        valueOffsets[i + 1] = off;
      }
      const bytes = new Uint8Array(off);
      let p = 0; for (const b of parts) { bytes.set(b, p); p += b.length; }
      data = makeData({ type: new Utf8(), length: len, nullCount, nullBitmap, valueOffsets, data: bytes });
    } else if (t === 'BOOLEAN') {
      const bits = new Uint8Array((len + 7) >> 3);
      for (let i = 0; i < len; i++) if (vals[i]) bits[i >> 3] |= 1 << (i & 7);
      data = makeData({ type: new Bool(), length: len, nullCount, nullBitmap, data: bits });
    } else if (t === 'BIGINT') {
      const a = new BigInt64Array(len);
      for (let i = 0; i < len; i++) if (vals[i] != null) a[i] = BigInt(vals[i]);
      data = makeData({ type: new Int64(), length: len, nullCount, nullBitmap, data: a });
    } else if (t === 'INTEGER') {
      const a = new Int32Array(len);
      for (let i = 0; i < len; i++) if (vals[i] != null) a[i] = Number(vals[i]);
      data = makeData({ type: new Int32(), length: len, nullCount, nullBitmap, data: a });
    } else {
      const a = new Float64Array(len);
      for (let i = 0; i < len; i++) if (vals[i] != null) a[i] = Number(vals[i]);
      data = makeData({ type: new Float64(), length: len, nullCount, nullBitmap, data: a });
    }
    vecs[n] = makeVector(data);
  }
  return new Table(vecs);
}

/** Per table: the columns loaded so far (null = all) and the pending load. */
const loaded = new Map<string, { cols: Set<string> | null; p: Promise<{ rows: number; columns: string[] }> }>();

/**
 * Load a published table into DuckDB as `name`, only the given columns (range requests) or all of them.
 * A later request for columns not yet loaded reloads the table with the union.
 */
export function loadTable(name: string, columns?: string[]): Promise<{ rows: number; columns: string[] }> {
  const have = loaded.get(name);
  if (have && (have.cols === null || (columns && columns.every((c) => have.cols!.has(c))))) return have.p;
  const want: Set<string> | null = columns ? new Set([...(have?.cols ?? []), ...columns]) : null;
  const p = (async () => {
    if (have) await have.p.catch(() => undefined);
    const [{ conn }, cols] = await Promise.all([getDuck(), readTable(name, want ? [...want] : undefined)]);
    await conn.query(`DROP TABLE IF EXISTS "${name}"`);
    await conn.insertArrowTable(toArrow(cols), { name, create: true });
    return { rows: cols.rows, columns: cols.names };
  })();
  loaded.set(name, { cols: want, p });
  p.catch(() => { if (loaded.get(name)?.p === p) loaded.delete(name); });
  return p;
}

/** Replace table `name` with columns made in the page (the reader's own data, `mydata`); null drops it. */
export async function putTable(name: string, cols: Columns | null): Promise<void> {
  const { conn } = await getDuck();
  await conn.query(`DROP TABLE IF EXISTS "${name.replace(/"/g, '""')}"`);
  if (cols) await conn.insertArrowTable(toArrow(cols), { name, create: true });
}

/** Column names of a published table (Parquet footer only). */
export { tableColumns } from './parquet.ts';

/**
 * Which columns of `table` a statement needs: every column name that occurs as a word, or all columns when
 * the statement uses * (other than count(*)), DESCRIBE/SHOW/SUMMARIZE/PRAGMA, or COLUMNS(…).
 */
export function columnsNeeded(sql: string, all: string[]): string[] | undefined {
  const s = sql.replace(/'[^']*'/g, "''").replace(/--[^\n]*/g, ' ');
  if (/^\s*(describe|show|summarize|pragma)\b/im.test(s) || /\bcolumns\s*\(/i.test(s)) return undefined;
  if (/\*/.test(s.replace(/count\s*\(\s*\*\s*\)/gi, ''))) return undefined;
  const words = new Set((s.match(/[\p{L}_][\p{L}\p{N}_]*|"[^"]+"/gu) ?? []).map((w) => w.replace(/"/g, '').toLowerCase()));
  const need = all.filter((c) => words.has(c.toLowerCase()));
  return need.length ? need : all.slice(0, 1);
}

/**
 * Rows as plain objects: integers and decimals as numbers when exact, else as their exact digit strings
 * (sqlvalues.ts); `numeric` names the columns whose SQL type is a number.
 */
export async function run(sql: string): Promise<{ columns: string[]; numeric: string[]; rows: Record<string, any>[] }> {
  const { conn } = await getDuck();
  const t = await conn.query(sql);
  const fields = t.schema.fields;
  const columns = fields.map((f) => f.name);
  const scale = fields.map((f) => Number((f.type as any).scale ?? 0));
  const numeric = fields.filter((f) => isNumericType(f.typeId)).map((f) => f.name);
  const rows = t.toArray().map((r: any) => {
    const o: Record<string, any> = {};
    columns.forEach((c, i) => { o[c] = plainValue(r[c], scale[i]); });
    return o;
  });
  return { columns, numeric, rows };
}

/** Which published tables a statement mentions (so the console loads only those). */
export function tablesIn(sql: string): string[] {
  const s = sql.replace(/'[^']*'/g, "''");
  return TABLES.filter((t) => new RegExp(`\\b${t}\\b`, 'i').test(s));
}
