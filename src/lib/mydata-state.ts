/**
 * The reader's own data on this origin: the parsed table, the key column and kind, the hand fixes — kept in
 * IndexedDB (this browser only) until the reader clears it, shared by the panel (mydata-panel.ts) and the pages
 * that use it (chart, compare, SQL). Nothing here sends anything anywhere: the file is read and parsed in a
 * worker (mydata-worker.ts), the corpus's agencies come from the site's own reports.parquet.
 */
import type { MyTable } from './mydata-parse.ts';
import { entitiesOf, matchAll, joinedKeys, type Entity, type KeyKind, type Fixes, type Match } from './mydata-match.ts';
import type { Columns } from './parquet.ts';

export interface Saved {
  table: MyTable;
  keyCol: number;
  kind: KeyKind;
  fixes: Fixes;
}

export interface ReaderData extends Saved {
  matches: Match[];
  /** Per row: the agency_key it joins (after fixes), or null. */
  joined: Array<string | null>;
}

const DB = 'atlas-mydata', STORE = 'mydata', KEY = 'current';

function db(): Promise<IDBDatabase> {
  return new Promise((ok, bad) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => ok(req.result);
    req.onerror = () => bad(req.error);
  });
}
async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  try {
    return await new Promise<T>((ok, bad) => {
      const t = d.transaction(STORE, mode);
      const r = f(t.objectStore(STORE));
      t.oncomplete = () => ok(r.result);
      t.onerror = () => bad(t.error);
      t.onabort = () => bad(t.error);
    });
  } finally { d.close(); }
}

// ---- the corpus's agencies ----------------------------------------------------------------------------

let entitiesP: Promise<{ entities: Entity[]; keyOfReport: Map<string, string> }> | null = null;
/** Agencies of the published reports (five small columns of reports.parquet, read with hyparquet). */
export function corpusAgencies() {
  return (entitiesP ??= (async () => {
    const { readTable } = await import('./parquet.ts');
    const c = await readTable('reports', ['id', 'agency', 'agency_key', 'township', 'region_code', 'region_name']);
    const rows = Array.from({ length: c.rows }, (_, i) => Object.fromEntries(c.names.map((n) => [n, c.data[n]![i]])));
    return { entities: entitiesOf(rows), keyOfReport: new Map(rows.map((r) => [r.id, r.agency_key])) };
  })().catch((e) => { entitiesP = null; throw e; }));
}

// ---- state ----------------------------------------------------------------------------------------------

let current: ReaderData | null = null;
let loaded: Promise<ReaderData | null> | null = null;
const listeners = new Set<(d: ReaderData | null) => void>();

export function onReaderData(f: (d: ReaderData | null) => void): () => void { listeners.add(f); return () => listeners.delete(f); }

async function complete(s: Saved): Promise<ReaderData> {
  const { entities } = await corpusAgencies();
  const matches = matchAll(s.table.columns[s.keyCol]!.text, s.kind, entities);
  return { ...s, matches, joined: joinedKeys(matches, s.fixes) };
}

/** The reader's data saved in this browser, if any (read once per page). */
export function readerData(): Promise<ReaderData | null> {
  return (loaded ??= (async () => {
    let s: Saved | undefined;
    try { s = await tx<Saved | undefined>('readonly', (st) => st.get(KEY)); } catch { return null; }
    current = s ? await complete(s) : null;
    return current;
  })());
}

/** Save (and announce) a new state: a new file, key column, key kind or a hand fix. */
export async function setReaderData(s: Saved): Promise<ReaderData> {
  const d = await complete(s);
  await tx('readwrite', (st) => st.put({ table: s.table, keyCol: s.keyCol, kind: s.kind, fixes: s.fixes }, KEY));
  current = d; loaded = Promise.resolve(d);
  listeners.forEach((f) => f(d));
  return d;
}

export async function clearReaderData(): Promise<void> {
  await tx('readwrite', (st) => st.delete(KEY));
  current = null; loaded = Promise.resolve(null);
  listeners.forEach((f) => f(null));
}

export const currentReaderData = () => current;

// ---- parsing in a worker ------------------------------------------------------------------------------------

/** Parse a file's bytes off the main thread. Resolves to the table or rejects with the message to show. */
export function parseInWorker(bytes: ArrayBuffer, name: string): Promise<MyTable> {
  const w = new Worker(new URL('./mydata-worker.ts', import.meta.url), { type: 'module', name: 'mydata' });
  return new Promise<MyTable>((ok, bad) => {
    w.onmessage = (ev) => { w.terminate(); if (ev.data.ok) ok(ev.data.table); else bad(new Error(ev.data.message)); };
    w.onerror = (ev) => { w.terminate(); bad(new Error(`读取失败：${ev.message || '解析程序出错'}`)); };
    w.postMessage({ bytes, name }, [bytes]);
  });
}

// ---- the `mydata` table -------------------------------------------------------------------------------------

/** Names of the reader's columns as the `mydata` table has them (unique; `agency_key` and `match` are the join's). */
export function sqlNames(t: MyTable): string[] {
  const used = new Set(['agency_key', 'match']);
  return t.columns.map((c) => {
    let n = c.name || '列', i = 1;
    while (used.has(n.toLowerCase())) n = `${c.name}_${i++}`;
    used.add(n.toLowerCase());
    return n;
  });
}

/** The reader's table as DuckDB columns: their columns (DOUBLE for numbers, else VARCHAR), the joined agency_key and how it was matched. */
export function mydataColumns(d: ReaderData): Columns {
  const names = sqlNames(d.table);
  const out: Columns = { names: [...names, 'agency_key', 'match'], types: {}, data: {}, rows: d.table.rows };
  d.table.columns.forEach((c, j) => {
    out.types[names[j]!] = c.kind === 'number' ? 'DOUBLE' : 'VARCHAR';
    out.data[names[j]!] = c.kind === 'number' ? c.values! : c.text;
  });
  out.types.agency_key = 'VARCHAR'; out.data.agency_key = d.joined;
  out.types.match = 'VARCHAR';
  out.data.match = d.matches.map((m, i) => (i in d.fixes ? (d.fixes[i] ? 'fixed' : 'excluded') : m.status));
  return out;
}
