/**
 * Report list: facets with counts, search over agency names and narrative text (the static search index,
 * src/lib/search.ts: only the chunks a query needs), sorting and paging — the whole state lives in the URL (back/forward work). Text goes into the DOM as text only.
 *
 * The first page and the facet counts are in the HTML. The page works from them until a reader filters, sorts,
 * pages, searches or downloads (or arrives with such a link): only then are the list's columns of `reports` read
 * (src/lib/reportcols.ts), once.
 */
import { loadReportRows, type ReportRow } from './reportcols.ts';
import { FACETS, LIST_PAGE, ROW_KEYS, facetLabel as label, facetValue as facetVal, pagerPages, regionText } from './listview.ts';
import { search, type SearchResult } from './search.ts';
import { agencyHref, reportHref } from './links.ts';
import { LEVEL_ZH, fmt } from './measures.ts';
import { csvOf, download, sourceLine } from './ui.ts';
import { withSourceColumn } from './csvcite.ts';

const base = document.documentElement.dataset.base || '/';
type State = Record<string, string>;

/** The list's columns of every report, once read; null while the prerendered page is all there is. */
let rows: ReportRow[] | null = null;
/** Narrative hits of the current query and filters (key), checked against the text; the table shows them with the name matches. */
let body: { key: string; ids: Set<string>; result: SearchResult } | null = null;
let bodyPending = '';
/** Hits asked for per query; "继续检索" raises it. */
const BODY_STEP = 100;
let bodyLimit = BODY_STEP;

const $ = <T extends HTMLElement>(s: string) => document.querySelector(s) as T;
const qInput = $<HTMLInputElement>('#q');
const qBody = $<HTMLInputElement>('#q-body');
const status = $('#q-status');
const listStatus = $('#list-status');
const listEl = $('#list');

function readState(): State {
  const p = new URLSearchParams(location.search);
  const s: State = {};
  for (const [k, v] of p) s[k] = v;
  return s;
}
function writeState(s: State, replace = false) {
  const u = new URL(location.href);
  u.search = '';
  for (const [k, v] of Object.entries(s)) if (v !== '' && v != null) u.searchParams.set(k, v);
  if (u.href === location.href) return;
  if (replace) history.replaceState(null, '', u); else history.pushState(null, '', u);
}

function matchesQuery(r: ReportRow, q: string, hits: Set<string> | null) {
  if (!q) return true;
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${r.agency} ${r.province ?? ''}${r.city ?? ''}${r.county ?? ''}${r.township ?? ''}`.toLowerCase();
  return terms.every((t) => hay.includes(t)) || (hits != null && hits.has(r.id));
}

const bodyKey = (s: State) => (s.q && s.body !== '0' ? JSON.stringify([s.q, s.year ?? '', s.province ?? '', s.level ?? '', bodyLimit]) : '');

function filtered(s: State, except?: string) {
  const key = bodyKey(s);
  const hits = key && body?.key === key ? body.ids : null;
  return (rows ?? []).filter((r) => {
    for (const k of FACETS) if (k !== except && s[k] && facetVal(r, k) !== s[k]) return false;
    return matchesQuery(r, s.q ?? '', hits);
  });
}

function facetItems(s: State, k: string, parentKey?: string) {
  const m = new Map<string, number>();
  for (const r of filtered(s, k)) {
    if (parentKey && facetVal(r, parentKey) !== s[parentKey]) continue;
    const v = facetVal(r, k); if (v == null) continue;
    m.set(v, (m.get(v) ?? 0) + 1);
  }
  const items = [...m.entries()];
  if (k === 'year') items.sort((a, b) => b[0].localeCompare(a[0])); else items.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'));
  if (s[k] && !m.has(s[k])) items.unshift([s[k], 0]);
  return items;
}

function li(k: string, v: string, n: number, pressed: boolean, cls = '') {
  const l = document.createElement('li'); if (cls) l.className = cls;
  const b = document.createElement('button'); b.type = 'button'; b.dataset.k = k; b.dataset.v = v; b.setAttribute('aria-pressed', String(pressed));
  const a = document.createElement('span'); a.textContent = label(k, v);
  const c = document.createElement('span'); c.className = 'count'; c.textContent = String(n);
  b.append(a, c); l.append(b); return l;
}

function renderFacets(s: State) {
  for (const sec of document.querySelectorAll<HTMLElement>('#facets [data-facet]')) {
    const k = sec.dataset.facet!;
    const ul = sec.querySelector('ul')!;
    ul.replaceChildren();
    for (const [v, n] of facetItems(s, k)) {
      if (k === 'province' && s.province && v !== s.province) continue;
      ul.append(li(k, v, n, s[k] === v));
      if (k === 'province' && s.province === v) {
        for (const [cv, cn] of facetItems(s, 'city', 'province')) {
          if (s.city && cv !== s.city) continue;
          ul.append(li('city', cv, cn, s.city === cv, 'sub'));
          if (s.city === cv) for (const [xv, xn] of facetItems(s, 'county', 'city')) {
            if (s.county && xv !== s.county) continue;
            ul.append(li('county', xv, xn, s.county === xv, 'sub2'));
          }
        }
      }
    }
  }
}

const SORTS: Record<string, (r: ReportRow) => any> = {
  agency: (r) => r.agency, year: (r) => r.year, region: (r) => `${r.province ?? '~'}${r.city ?? ''}${r.county ?? ''}`, level: (r) => r.level,
  new: (r) => r.new, handled: (r) => r.handled, open_rate: (r) => r.open_rate, checks_fail: (r) => r.checks_fail,
};

function cell(text: string, cls = '') { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }

/** The list as filtered and sorted now (all pages). */
function currentList(s: State): ReportRow[] {
  let list = filtered(s);
  const key = s.sort && SORTS[s.sort] ? s.sort : null;
  if (key) {
    const f = SORTS[key]; const dir = s.dir === 'desc' ? -1 : 1;
    list = [...list].sort((a, b) => {
      const x = f(a), y = f(b);
      if (x == null && y == null) return 0; if (x == null) return 1; if (y == null) return -1; // blanks last either way
      return (typeof x === 'string' ? x.localeCompare(y, 'zh') : x - y) * dir;
    });
  }
  return list;
}

/** The filtered list as CSV: one row per report, numbers as published (blank = empty), the citation as the 来源 column. */
export function listCsvRows(list: ReportRow[]): string[][] {
  const v = (x: unknown) => (x == null ? '' : String(x));
  return [['report_id', 'agency', 'year', 'province', 'city', 'county', 'township', 'level', 'template', 't3_new_total', 't3_total_total', 'open_rate', 'checks_fail', 'ambiguous_cells', 'url'],
    ...list.map((r) => [r.id, r.agency, v(r.year), v(r.province), v(r.city), v(r.county), v(r.township), v(r.level), v(r.template), v(r.new), v(r.handled), v(r.open_rate), v(r.checks_fail), v(r.ambiguous_cells), new URL(reportHref(base, r.id), location.href).href])];
}

function renderTable(s: State) {
  const list = currentList(s);
  const key = s.sort && SORTS[s.sort] ? s.sort : null;
  document.querySelectorAll<HTMLButtonElement>('#tbl th button').forEach((b) => {
    const th = b.parentElement!;
    th.setAttribute('aria-sort', b.dataset.sort === key ? (s.dir === 'desc' ? 'descending' : 'ascending') : 'none');
  });
  const page = Math.max(0, (Math.trunc(Number(s.page)) || 1) - 1);
  const tb = $('#tbl tbody');
  tb.replaceChildren(...list.slice(page * LIST_PAGE, page * LIST_PAGE + LIST_PAGE).map((r) => {
    const tr = document.createElement('tr');
    const a = document.createElement('a'); a.href = reportHref(base, r.id); a.textContent = r.agency;
    const td0 = document.createElement('td'); td0.append(a);
    if (r.agency_key) {
      const ag = document.createElement('a'); ag.href = agencyHref(base, r.agency_key); ag.className = 'small'; ag.textContent = '历年';
      ag.title = `${r.agency_key}：历年报告与趋势`;
      td0.append(' ', ag);
    }
    const chk = document.createElement('td');
    const sp = document.createElement('span');
    if ((r.checks_fail ?? 0) > 0) { sp.className = 'badge fail'; sp.textContent = `${r.checks_fail} 项未通过`; } else { sp.className = 'pass'; sp.textContent = '通过'; }
    chk.append(sp);
    if ((r.ambiguous_cells ?? 0) > 0) chk.append(Object.assign(document.createElement('span'), { className: 'small muted', textContent: ` · ${r.ambiguous_cells} 格待定` }));
    tr.append(td0, cell(r.year == null ? '' : String(r.year), 'num'), cell(regionText(r)), cell(r.level == null ? '' : LEVEL_ZH[r.level] ?? r.level),
      cell(fmt(r.new), 'num'), cell(fmt(r.handled), 'num'), cell(fmt(r.open_rate, 'rate'), 'num'), chk);
    return tr;
  }));
  $('#n-shown').textContent = String(list.length);
  const pager = $('#pager');
  pager.replaceChildren(...pagerPages(list.length, page + 1).map((i) => {
    const b = document.createElement('button'); b.type = 'button'; b.textContent = String(i); b.dataset.page = String(i);
    if (i === page + 1) b.setAttribute('aria-current', 'page');
    return b;
  }));
}

/** Whether the URL asks for a view other than the prerendered one (the first page of every report, unsorted). */
const needsRows = (s: State) => ROW_KEYS.some((k) => s[k]);

let loadingRows: Promise<boolean> | null = null;
/** Reads the list's columns the first time they are needed; says so while it reads, and why when it cannot. */
function ensureRows(): Promise<boolean> {
  if (rows) return Promise.resolve(true);
  return (loadingRows ??= (async () => {
    listEl.dataset.loading = '1';
    listStatus.textContent = '正在读取报告列表的数据…';
    try {
      rows = await loadReportRows();
      listStatus.textContent = '';
      delete listEl.dataset.error;
      return true;
    } catch (e) {
      listStatus.textContent = `无法读取报告列表的数据（${(e as Error).message}），筛选、排序、翻页、检索和下载暂不可用；下面仍是预先生成的前 ${Math.min(Number(listEl.dataset.first), Number(listEl.dataset.total))} 份报告，链接可用。再次操作时会重试。`;
      listEl.dataset.error = '1';
      return false;
    } finally {
      delete listEl.dataset.loading;
      loadingRows = null;
    }
  })());
}

/** Runs `f` once the rows are there; does nothing (the message says why) when they cannot be read. */
const withRows = (f: () => void) => ensureRows().then((ok) => { if (ok) f(); });

document.getElementById('list-csv')?.addEventListener('click', () => withRows(() => {
  const list = currentList(readState());
  download('reports.csv', new Blob([csvOf(withSourceColumn(listCsvRows(list), sourceLine()))], { type: 'text/csv;charset=utf-8' }));
}));

function render() {
  const s = readState();
  if (!rows) {
    // the prerendered view stands (no link asks for another one, or the rows could not be read)
    qInput.value = s.q ?? ''; qBody.checked = s.body !== '0';
    return;
  }
  if (document.activeElement !== qInput) qInput.value = s.q ?? '';
  qBody.checked = s.body !== '0';
  const key = bodyKey(s);
  if (key && body?.key !== key) searchBody(s, key);
  if (!key) { status.textContent = ''; hitsList.replaceChildren(); more.hidden = true; }
  renderFacets(s);
  renderTable(s);
  // the tab and a bookmark say which view this is
  const view = [...FACETS.filter((k) => s[k]).map((k) => label(k, s[k])), ...(s.q ? [`“${s.q}”`] : [])];
  document.title = `报告${view.length ? `：${view.join('、')}` : ''} · 信息公开年报数据台`;
}

/** Under the status line: the first hits with the narrative around the words, and a button to check more candidates. */
const hitsList = document.createElement('ul');
hitsList.id = 'q-hits'; hitsList.className = 'small';
const more = document.createElement('button');
more.type = 'button'; more.id = 'q-more'; more.className = 'small'; more.textContent = '继续检索正文'; more.hidden = true;
status.after(hitsList, more);
more.addEventListener('click', () => { bodyLimit += BODY_STEP; render(); });

function renderHits(r: SearchResult) {
  hitsList.replaceChildren(...r.hits.slice(0, 5).map((h) => {
    const l = document.createElement('li');
    const a = document.createElement('a'); a.href = reportHref(base, h.id); a.textContent = `${h.agency}${h.year ? ` ${h.year}` : ''}`;
    l.append(a);
    if (h.excerpt) {
      const q = document.createElement('q'); const m = document.createElement('mark'); m.textContent = h.excerpt.match;
      q.append(h.excerpt.before, m, h.excerpt.after); l.append(' ', q);
    }
    return l;
  }));
  more.hidden = r.complete;
  status.textContent = `正文检索：${r.hits.length} 份报告的正文含有全部检索词` + (r.complete ? '。' : `（已核对 ${r.checked} / ${r.candidates} 份候选）。`);
}

/** Starts the narrative search of `s`; the promise settles once it has ended (its hits shown, or its failure said). */
function searchBody(s: State, key: string): Promise<void> {
  if (bodyPending === key) return Promise.resolve();
  bodyPending = key;
  status.textContent = '正在检索报告正文…';
  const show = (r: SearchResult) => {
    if (bodyPending !== key) return; // a newer query is on its way
    body = { key, ids: new Set(r.hits.map((h) => h.id)), result: r };
    renderHits(r);
    // the table shows the hits once the list's rows are there (a search started while they were read waits for them)
    if (rows) render();
  };
  // the first hits show as soon as their batch is checked; the table fills in as the rest are
  return search(s.q!, { year: s.year, province: s.province, level: s.level }, bodyLimit, bodyLimit, (partial) => { if (partial.hits.length) show(partial); }).then(show)
    .catch((e) => { if (bodyPending === key) { bodyPending = ''; status.textContent = `正文检索不可用：${e.message}`; } });
}

/**
 * Past this many reports the list's columns are megabytes (about 3.7 MB at 100,000, decoded on the page's thread):
 * typing does not start reading them at the first keystroke, and a query reads them only once its narrative search
 * has ended, so the two do not compete and the narrative hits come first. A smaller list is read while the reader
 * types.
 */
const LARGE_LIST = 20_000;
const large = Number(listEl.dataset.total) > LARGE_LIST;

function update(patch: State, replace = false) {
  const s = { ...readState(), ...patch };
  if (!('page' in patch)) delete s.page;
  for (const k of Object.keys(s)) if (s[k] === '') delete s[k];
  writeState(s, replace);
  render();
}

function init() {
  document.getElementById('facets')!.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button'); if (!b?.dataset.k) return;
    const k = b.dataset.k; const v = b.dataset.v!;
    withRows(() => {
      const s = readState();
      const patch: State = { [k]: s[k] === v ? '' : v };
      if (k === 'province') { patch.city = ''; patch.county = ''; }
      if (k === 'city') patch.county = '';
      update(patch);
    });
  });
  document.querySelector('#tbl thead')!.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button'); if (!b?.dataset.sort) return;
    const key = b.dataset.sort;
    withRows(() => { const s = readState(); update({ sort: key, dir: s.sort === key && s.dir !== 'desc' ? 'desc' : 'asc' }); });
  });
  $('#pager').addEventListener('click', (e) => { const b = (e.target as HTMLElement).closest('button'); const p = b?.dataset.page; if (p) withRows(() => update({ page: p })); });
  let t: any;
  let typing = false;
  qInput.addEventListener('input', () => {
    clearTimeout(t);
    bodyLimit = BODY_STEP;
    if (!large) void ensureRows(); // start reading while the reader types
    t = setTimeout(() => {
      // the narrative search needs only the index, not the list's rows (render() then finds this query on its way)
      const s = { ...readState(), q: qInput.value.trim() };
      const key = bodyKey(s);
      const searching = key && body?.key !== key ? searchBody(s, key) : Promise.resolve();
      (large ? searching : Promise.resolve()).then(() => withRows(() => { update({ q: qInput.value.trim() }, typing); typing = true; }));
    }, 200);
  });
  qInput.addEventListener('change', () => { typing = false; });
  qBody.addEventListener('change', () => {
    const body = qBody.checked ? '' : '0';
    // without a query the box changes no row: keep it in the URL, read nothing
    if (!rows && !readState().q) { writeState({ ...readState(), body }); return; }
    withRows(() => update({ body }));
  });
  $('#clear').addEventListener('click', () => { writeState({}); render(); });
  window.addEventListener('popstate', () => { if (rows || !needsRows(readState())) render(); else withRows(render); });
  const first = readState();
  if (needsRows(first)) {
    // a shared link to a filtered, sorted or later page: read at once; ready once the page shows what it asks for
    withRows(render).finally(() => { listEl.dataset.ready = '1'; });
  } else {
    render();
    listEl.dataset.ready = '1';
  }
}
init();
