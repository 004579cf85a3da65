/**
 * /data/: the long lists read in pages. The page's HTML holds only each list's first page (src/pages/data.astro);
 * the agencies are grouped here from three columns of `reports`, the input files read from `files` by row range
 * (hyparquet rowStart/rowEnd: a page of rows, never the whole table). The position is in the URL: `ap` (agency page),
 * `fp` (file page), `fs` (file status filter), `an` / `fn` (page sizes); back and forward work.
 */
import { readTable, tableFiles, dataUrl, parquetRowCount, readParquet, rowObjects } from './parquet.ts';
import { reportHref } from './links.ts';
import {
  AGENCY_PAGE, FILE_PAGE, NOT_OK, STATUS_ZH, agencyRows, fileNote, kb, matchesStatus, pageOf, pageParam, reportsIn, shownNote, sizeParam, statusLabel, fileListLabel,
  type AgencyRow, type FileRow,
} from './datarows.ts';

// The citation shows the address the reader actually used.
document.querySelectorAll('[data-site-url]').forEach((e) => { e.textContent = new URL(document.documentElement.dataset.base || '/', location.href).href; });

const base = document.documentElement.dataset.base || '/';
const $ = <T extends HTMLElement>(s: string) => document.querySelector(s) as T | null;

interface State { ap: number; an: number; fp: number; fn: number; fs: string }
function readState(): State {
  const p = new URLSearchParams(location.search);
  return { ap: pageParam(p.get('ap'), 1), an: sizeParam(p.get('an'), AGENCY_PAGE), fp: pageParam(p.get('fp'), 1), fn: sizeParam(p.get('fn'), FILE_PAGE), fs: p.get('fs') || NOT_OK };
}
const DEFAULTS: State = { ap: 1, an: AGENCY_PAGE, fp: 1, fn: FILE_PAGE, fs: NOT_OK };
function hrefFor(s: State, hash: string): string {
  const u = new URL(location.href);
  for (const k of Object.keys(DEFAULTS) as Array<keyof State>) {
    if (s[k] === DEFAULTS[k]) u.searchParams.delete(k); else u.searchParams.set(k, String(s[k]));
  }
  u.hash = hash;
  return u.href;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A pager's links: real hrefs (open in a new tab, copy), followed here without reloading the page. */
function setPager(nav: HTMLElement, page: number, pages: number, href: (p: number) => string) {
  nav.hidden = pages <= 1;
  const prev = nav.querySelector<HTMLAnchorElement>('[data-rel=prev]')!, next = nav.querySelector<HTMLAnchorElement>('[data-rel=next]')!;
  for (const [a, p, ok] of [[prev, page - 1, page > 1], [next, page + 1, page < pages]] as const) {
    if (ok) { a.href = href(p); a.removeAttribute('aria-disabled'); } else { a.removeAttribute('href'); a.setAttribute('aria-disabled', 'true'); }
  }
  nav.querySelector('[data-pos]')!.textContent = `第 ${page} / ${pages} 页`;
}

// --- agencies: three columns of reports, grouped once ---------------------------------------------------------------

let agenciesP: Promise<AgencyRow[]> | null = null;
const agencies = () => (agenciesP ??= readTable('reports', ['agency_key', 'agency', 'year'])
  .then((t) => agencyRows(t.data.agency_key, t.data.agency, t.data.year))
  .catch((e) => { agenciesP = null; throw e; }));

/** Each render takes a turn; a read that finishes after a later one started is dropped. */
let agencyTurn = 0, fileTurn = 0;

async function renderAgencies(s: State) {
  const table = $<HTMLTableElement>('[data-corpus-agencies]'), note = $('#agency-shown'), nav = $('#agency-pager');
  if (!table || !note || !nav) return;
  const total = Number(table.dataset.total);
  const turn = ++agencyTurn;
  note.dataset.first ??= note.textContent ?? '';
  if (s.ap === 1 && s.an === AGENCY_PAGE && table.dataset.page === '1' && !table.dataset.size) { note.textContent = note.dataset.first; return; } // the prerendered page
  note.textContent = '正在读取机关列表…';
  const rows = await agencies();
  if (turn !== agencyTurn) return; // a later click is on its way
  const pg = pageOf(rows.length, s.ap, s.an);
  const years = [...table.querySelectorAll<HTMLElement>('thead th[data-year]')].map((th) => (th.dataset.year === '' ? null : Number(th.dataset.year)));
  table.tBodies[0].replaceChildren(...rows.slice(pg.start, pg.end).map((a) => {
    const tr = el('tr');
    const th = el('th', a.key ?? ''); th.scope = 'row';
    tr.append(th, el('td', String(a.n), 'num'), ...years.map((y) => el('td', String(y == null ? a.years.filter((x) => x == null).length || '' : reportsIn(a.years, y)), 'num')));
    return tr;
  }));
  note.textContent = `机关按报告数排列：${shownNote(pg.start, pg.end, rows.length)}。`;
  if (rows.length !== total) note.textContent += `（页面生成时为 ${total} 个）`;
  setPager(nav, pg.page, pg.pages, (p) => hrefFor({ ...s, ap: p }, '#corpus'));
  table.dataset.page = String(pg.page);
  table.dataset.size = String(s.an);
}

// --- input files: the files table by row range -----------------------------------------------------------------------

const FILE_COLS = ['path', 'format', 'bytes', 'status', 'reason', 'duplicate_of', 'report_id'];
/** The files table's one Parquet file (the build writes it unpartitioned, ordered by path). */
async function filesUrl(): Promise<string | null> {
  const fl = (await tableFiles()).files;
  if (!fl?.length) throw new Error('没有已发布的 files 表');
  return fl.length === 1 && !fl[0].partition ? dataUrl(fl[0].path) : null;
}
/** Row numbers of the files with a status, from the status column alone (read once per page load). */
let statusP: Promise<Array<string | null>> | null = null;
async function statuses(): Promise<Array<string | null>> {
  return (statusP ??= (async () => {
    const url = await filesUrl();
    return url ? (await readParquet(url, ['status'])).data.status : (await readTable('files', ['status'])).data.status;
  })().catch((e) => { statusP = null; throw e; }));
}

/** Rows [start, end) of the files matching `filter`, and how many match. */
async function filePage(filter: string, page: number, size: number): Promise<{ rows: FileRow[]; pg: ReturnType<typeof pageOf>; total: number }> {
  const url = await filesUrl();
  if (filter === 'all' && url) {
    const total = await parquetRowCount(url);
    const pg = pageOf(total, page, size);
    return { rows: rowObjects(await readParquet(url, FILE_COLS, { rowStart: pg.start, rowEnd: pg.end })) as FileRow[], pg, total };
  }
  const st = await statuses();
  const idx: number[] = [];
  for (let i = 0; i < st.length; i++) if (matchesStatus(filter, st[i])) idx.push(i);
  const pg = pageOf(idx.length, page, size);
  const want = idx.slice(pg.start, pg.end);
  if (!want.length) return { rows: [], pg, total: idx.length };
  // one read from the page's first matching row to its last; the rows between that do not match are dropped
  const span = url
    ? rowObjects(await readParquet(url, FILE_COLS, { rowStart: want[0], rowEnd: want[want.length - 1] + 1 }))
    : (() => { throw new Error('files 表分区发布，无法按行读取'); })();
  const keep = new Set(want.map((i) => i - want[0]));
  return { rows: span.filter((_, i) => keep.has(i)) as FileRow[], pg, total: idx.length };
}

function fileRowEl(f: FileRow): HTMLTableRowElement {
  const tr = el('tr', undefined, f.status === 'failed' ? 'fail' : '');
  const path = el('td'); path.append(el('code', f.path));
  const note = el('td');
  const n = fileNote(f);
  if ('report' in n) { const a = el('a', '查看报告'); a.href = reportHref(base, n.report); note.append(a); }
  else if ('duplicateOf' in n) { const a = el('a', n.duplicateOf); a.href = reportHref(base, n.duplicateOf); note.append('与 ', a, ' 相同'); }
  else note.textContent = n.text;
  tr.append(path, el('td', f.format ?? ''), el('td', kb(f.bytes == null ? null : Number(f.bytes)), 'num'), el('td', STATUS_ZH[f.status] ?? f.status), note);
  return tr;
}

async function renderFiles(s: State) {
  const table = $<HTMLTableElement>('[data-files]'), note = $('#file-shown'), nav = $('#file-pager'), sel = $<HTMLSelectElement>('#file-status');
  if (!table || !note || !nav || !sel) return;
  if (![...sel.options].some((o) => o.value === s.fs)) sel.append(new Option(`${statusLabel(s.fs)}（0）`, s.fs));
  sel.value = s.fs;
  const turn = ++fileTurn;
  note.dataset.first ??= note.textContent ?? '';
  if (s.fp === 1 && s.fn === FILE_PAGE && s.fs === NOT_OK && table.dataset.page === '1' && table.dataset.status === NOT_OK && !table.dataset.size) { note.textContent = note.dataset.first; return; } // prerendered
  note.textContent = '正在读取文件清单…';
  const { rows, pg, total } = await filePage(s.fs, s.fp, s.fn);
  if (turn !== fileTurn) return; // a later click is on its way
  table.tBodies[0].replaceChildren(...rows.map(fileRowEl));
  if (!rows.length) {
    const tr = el('tr'); const td = el('td', '没有这一状态的文件。', 'muted'); td.colSpan = 5; tr.append(td);
    table.tBodies[0].append(tr);
  }
  note.textContent = `${fileListLabel(s.fs)}：${shownNote(pg.start, pg.end, total)}。`;
  setPager(nav, pg.page, pg.pages, (p) => hrefFor({ ...s, fp: p }, '#manifest'));
  table.dataset.page = String(pg.page);
  table.dataset.status = s.fs;
  table.dataset.size = String(s.fn);
}

// --- wiring -----------------------------------------------------------------------------------------------------------

function show(which: 'agencies' | 'files', f: (s: State) => Promise<void>) {
  const note = which === 'agencies' ? $('#agency-shown') : $('#file-shown');
  const table = which === 'agencies' ? $('[data-corpus-agencies]') : $('[data-files]');
  table?.setAttribute('aria-busy', 'true');
  return f(readState()).then(() => table?.removeAttribute('aria-busy'), (e) => {
    table?.removeAttribute('aria-busy');
    if (note) note.textContent = `${which === 'agencies' ? '机关列表' : '文件清单'}无法读取：${(e as Error).message}（上面的计数仍然有效）`;
  });
}
const render = () => Promise.all([show('agencies', renderAgencies), show('files', renderFiles)]);

function follow(e: MouseEvent) {
  const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-rel]');
  if (!a?.href || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  history.pushState(null, '', a.href);
  render();
}
$('#agency-pager')?.addEventListener('click', follow);
$('#file-pager')?.addEventListener('click', follow);
$<HTMLSelectElement>('#file-status')?.addEventListener('change', (e) => {
  history.pushState(null, '', hrefFor({ ...readState(), fs: (e.target as HTMLSelectElement).value, fp: 1 }, '#manifest'));
  render();
});
window.addEventListener('popstate', render);
render().then(() => { document.getElementById('manifest')!.dataset.ready = '1'; });
