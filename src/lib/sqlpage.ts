/**
 * SQL console: query in the URL (?q=), DuckDB-WASM loaded on this page only, read-only guard, results + CSV.
 * This module is small: it starts the DuckDB worker at once (duckearly.ts) and loads DuckDB's JS, Arrow and
 * hyparquet (duck.ts) in parallel with the worker script.
 */
import './duckearly.ts';
import { checkSql } from './sqlguard.ts';
import { csvOf, sourceLine } from './ui.ts';
import { cellText } from './sqlvalues.ts';
import { withSourceColumn } from './csvcite.ts';

const ta = document.getElementById('sql-q') as HTMLTextAreaElement;
const status = document.getElementById('sql-status')!;
const err = document.getElementById('sql-err')!;
const out = document.getElementById('sql-out') as HTMLTableElement;
const more = document.getElementById('sql-more')!;
const csvBtn = document.getElementById('sql-csv') as HTMLButtonElement;
const MAX_ROWS = 1000;
type Result = { columns: string[]; numeric?: string[]; rows: Record<string, any>[] };
let last: Result | null = null;

const duckP = (async () => {
  status.className = 'loading';
  status.textContent = status.dataset.loading ?? status.textContent; // the size measured at build (wasmsize.ts)
  const t0 = performance.now();
  const duck = await import('./duck.ts');
  await duck.getDuck();
  status.className = 'small muted';
  status.textContent = `DuckDB 已就绪（${Math.round(performance.now() - t0)} ms）`;
  document.body.dataset.duckReady = '1';
  performance.mark('atlas:duck-ready');
  return duck;
})();
duckP.catch((e) => { status.className = 'err'; status.textContent = `DuckDB-WASM 无法加载：${e.message}`; });

function render(res: Result) {
  const numeric = new Set(res.numeric ?? []);
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const c of res.columns) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = c; hr.append(th); }
  thead.append(hr);
  const tbody = document.createElement('tbody');
  for (const r of res.rows.slice(0, MAX_ROWS)) {
    const tr = document.createElement('tr');
    for (const c of res.columns) {
      const td = document.createElement('td');
      const v = r[c];
      td.textContent = cellText(v);
      if (typeof v === 'number' || numeric.has(c)) td.className = 'num';
      tr.append(td);
    }
    tbody.append(tr);
  }
  out.replaceChildren(thead, tbody);
  more.textContent = `${res.rows.length} 行${res.rows.length > MAX_ROWS ? `（只显示前 ${MAX_ROWS} 行；CSV 含全部）` : ''}。空白格 = NULL。`;
}

/** A query that was refused or failed leaves no result behind: no table, no CSV of the previous query. */
function clearResult(why: string) {
  last = null;
  out.replaceChildren();
  delete out.dataset.rows; delete out.dataset.ms;
  more.textContent = '';
  csvBtn.disabled = true;
  status.className = 'err';
  status.textContent = why;
}

let runId = 0;
async function runQuery(sql: string) {
  const id = ++runId;
  err.textContent = '';
  const v = checkSql(sql);
  if (!v.ok) { clearResult('未运行：查询被拒绝（原因见下）'); err.textContent = v.reason; return; }
  try {
    const duck = await duckP;
    const need = duck.tablesIn(sql);
    for (const t of need) {
      status.className = 'loading'; status.textContent = `正在载入表 ${t}（只读取查询用到的列）…`;
      const all = (await duck.tableColumns(t)).map((c) => c.name);
      await duck.loadTable(t, duck.columnsNeeded(sql, all));
    }
    status.className = 'loading'; status.textContent = '正在查询…';
    const t0 = performance.now();
    let res: Result = { columns: [], rows: [] };
    for (const s of v.statements) res = await duck.run(s);
    const queryMs = performance.now() - t0;
    if (id !== runId) return;
    last = res;
    render(res);
    csvBtn.disabled = false;
    status.className = 'small muted';
    status.textContent = `完成：查询 ${Math.round(queryMs)} ms，显示 ${Math.round(performance.now() - t0 - queryMs)} ms`;
    out.dataset.rows = String(res.rows.length);
    out.dataset.ms = String(Math.round(queryMs));
    out.dataset.run = String(id);
    performance.mark('atlas:result');
  } catch (e) {
    if (id !== runId) return;
    clearResult('查询出错，没有结果（原因见下）');
    err.textContent = (e as Error).message;
  }
}

function submit() {
  const sql = ta.value;
  const u = new URL(location.href);
  u.searchParams.set('q', sql);
  if (u.href !== location.href) history.pushState(null, '', u);
  runQuery(sql);
}

document.getElementById('sql-run')!.addEventListener('click', submit);
ta.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); } });
document.querySelectorAll<HTMLButtonElement>('[data-example]').forEach((b) => b.addEventListener('click', () => { ta.value = b.dataset.example!; submit(); }));
csvBtn.addEventListener('click', () => {
  if (!last) return;
  const rows = withSourceColumn([last.columns, ...last.rows.map((r) => last!.columns.map((c) => cellText(r[c])))], sourceLine());
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csvOf(rows)], { type: 'text/csv;charset=utf-8' }));
  a.download = 'query.csv'; document.body.append(a); a.click(); a.remove();
});
function fromUrl() {
  const q = new URLSearchParams(location.search).get('q');
  if (q != null) { ta.value = q; runQuery(q); }
}
window.addEventListener('popstate', fromUrl);
fromUrl();
