/**
 * The "加入我的数据" panel (components/MyData.astro): take a file (pick, drop or paste), parse it in a worker,
 * choose the key column and what it holds, show matched / ambiguous / unmatched rows with a hand fix for each,
 * and offer the derived measure (chart, compare) or the `mydata` table (SQL). A problem shows its message and
 * leaves the previous state as it was: nothing is half-loaded.
 */
import { MAX_BYTES, MyDataError, tooLarge, duplicateKeys, listSome, type MyTable } from './mydata-parse.ts';
import { KEY_KINDS, counts, foldName, foldCode, doubleJoined, type KeyKind, type Fixes } from './mydata-match.ts';
import { readerData, setReaderData, clearReaderData, parseInWorker, corpusAgencies, onReaderData, sqlNames, type ReaderData } from './mydata-state.ts';
import { SCALES } from './mydata-sql.ts';
import { setReaderDataCitation } from './ui.ts';

const root = document.getElementById('mydata') as HTMLDetailsElement;
const page = root.dataset.page as 'chart' | 'compare' | 'sql';
const msg = document.getElementById('mydata-msg')!;
const body = document.getElementById('mydata-body')!;
const summary = document.getElementById('mydata-summary')!;
const fileInput = document.getElementById('mydata-file') as HTMLInputElement;
const drop = document.getElementById('mydata-drop')!;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, any> = {}, ...kids: Array<Node | string>) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) { if (k === 'dataset') Object.assign(e.dataset, v); else if (k in e) (e as any)[k] = v; else e.setAttribute(k, String(v)); }
  e.append(...kids);
  return e;
};

function say(text: string) { msg.textContent = text; root.dataset.error = text ? '1' : ''; }

// Exports of frames that use the reader's data cite the file; on the SQL page, a query that names mydata does.
setReaderDataCitation((node) => {
  const fig = node?.closest?.('[data-mydata]') as HTMLElement | null;
  if (fig?.dataset.mydata) return fig.dataset.mydata;
  if (page === 'sql') {
    const q = (document.getElementById('sql-q') as HTMLTextAreaElement | null)?.value ?? '';
    const d = lastData;
    if (d && /\bmydata\b/i.test(q)) return d.table.file;
  }
  return null;
});

// ---- taking a file -------------------------------------------------------------------------------------------

/** The key column a new table starts with: the first text column (a code column if none), and what it holds. */
function defaults(t: MyTable): { keyCol: number; kind: KeyKind } {
  let keyCol = t.columns.findIndex((c) => c.kind === 'text');
  if (keyCol < 0) keyCol = 0;
  const vals = t.columns[keyCol]!.text.filter((v): v is string => v != null);
  const kind: KeyKind = vals.length && vals.every((v) => foldCode(v)) ? 'code' : /部门|机关|单位/.test(t.columns[keyCol]!.name) ? 'agency' : 'region';
  return { keyCol, kind };
}

const fold = (kind: KeyKind) => (s: string) => (kind === 'code' ? foldCode(s) ?? s : foldName(s));

/** Duplicate keys refuse a table (or a change of key column) with the list. */
function duplicatesMessage(t: MyTable, keyCol: number, kind: KeyKind): string | null {
  const d = duplicateKeys(t.columns[keyCol]!.text, fold(kind));
  return d.length ? `“${t.columns[keyCol]!.name}”列有重复的键：${listSome(d.map((x) => `“${x}”`), 10)}。每个机关或地区只能有一行；请合并或删去重复的行后再加入（或选择另一列作键）。` : null;
}

let busy = false;
async function take(bytes: ArrayBuffer | null, name: string, size: number) {
  if (busy) return;
  say('');
  if (size > MAX_BYTES) { say(tooLarge(size)); return; }
  busy = true; root.dataset.busy = '1';
  const status = el('p', { className: 'loading' }, `正在读取 ${name}…`);
  body.prepend(status);
  try {
    const t = await parseInWorker(bytes!, name);
    if (!t.columns.some((c) => c.kind === 'number')) throw new MyDataError('表中没有数字列：派生指标需要至少一列数字（如人口、预算）。');
    const { keyCol, kind } = defaults(t);
    const dup = duplicatesMessage(t, keyCol, kind);
    if (dup) throw new MyDataError(dup);
    await setReaderData({ table: t, keyCol, kind, fixes: {} });
    root.open = true;
  } catch (e) {
    say((e as Error).message);
  } finally {
    status.remove(); busy = false; root.dataset.busy = '';
  }
}

async function takeFile(f: File) {
  if (f.size > MAX_BYTES) { say(tooLarge(f.size)); return; }
  await take(await f.arrayBuffer(), f.name, f.size);
}

fileInput.addEventListener('change', () => { const f = fileInput.files?.[0]; if (f) takeFile(f); fileInput.value = ''; });
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault(); drop.classList.remove('over');
  const f = e.dataTransfer?.files?.[0];
  if (f) takeFile(f);
});
document.getElementById('mydata-paste-go')!.addEventListener('click', () => {
  const text = (document.getElementById('mydata-paste') as HTMLTextAreaElement).value;
  const bytes = new TextEncoder().encode(text);
  take(bytes.buffer as ArrayBuffer, '粘贴的表格', bytes.length);
});

// ---- the preview ----------------------------------------------------------------------------------------------

const STATUS_ZH = { matched: '已对应', ambiguous: '有歧义', unmatched: '未对应' } as const;
/** The row select's value that opens the name field; the datalist every row's name field shares. */
const OTHER = '\u0000other';
const AGENCY_LIST = 'mydata-agencies';
let lastData: ReaderData | null = null;

async function render(d: ReaderData | null) {
  lastData = d;
  document.documentElement.dataset.mydata = d ? '1' : '';
  if (!d) { body.replaceChildren(); summary.textContent = ''; return; }
  const { entities } = await corpusAgencies();
  const t = d.table;
  const c = counts(d.matches, d.fixes);
  summary.textContent = `（已载入 ${t.file}：${t.rows} 行，对应 ${c.matched + c.fixed} 行）`;
  const info = el('p', { className: 'small' }, `文件：${t.file} · 编码 ${t.encoding} · 分隔符 ${t.delimiter} · ${t.header ? '第一行为列名' : '没有列名行（列名由本站编号）'} · ${t.rows} 行 · 数字列：${t.columns.filter((x) => x.kind === 'number').map((x) => x.name).join('、') || '无'}`);

  const keySel = el('select', { id: 'mydata-key' }) as HTMLSelectElement;
  t.columns.forEach((col, i) => keySel.append(el('option', { value: String(i), selected: i === d.keyCol }, col.name)));
  const kindSel = el('select', { id: 'mydata-kind' }) as HTMLSelectElement;
  for (const k of KEY_KINDS) kindSel.append(el('option', { value: k.code, selected: k.code === d.kind }, k.zh));
  const change = async () => {
    const keyCol = Number(keySel.value), kind = kindSel.value as KeyKind;
    const dup = duplicatesMessage(t, keyCol, kind);
    if (dup) { say(dup); keySel.value = String(d.keyCol); kindSel.value = d.kind; return; }
    say('');
    await setReaderData({ table: t, keyCol, kind, fixes: keyCol === d.keyCol && kind === d.kind ? d.fixes : {} });
  };
  keySel.addEventListener('change', change); kindSel.addEventListener('change', change);
  const keys = el('div', { className: 'row' }, el('label', {}, '用哪一列对应报告：', keySel), el('label', {}, '这一列是：', kindSel));

  const countsEl = el('p', { className: 'counts', id: 'mydata-counts', dataset: { matched: String(c.matched), ambiguous: String(c.ambiguous), unmatched: String(c.unmatched), fixed: String(c.fixed) } },
    el('span', {}, `已对应 ${c.matched}`), el('span', {}, `有歧义 ${c.ambiguous}`), el('span', {}, `未对应 ${c.unmatched}`), el('span', {}, `手工指定 ${c.fixed}`));
  const twice = doubleJoined(d.joined);
  const twiceEl = twice.length ? el('p', { className: 'err' }, `注意：${listSome(twice.map((k) => `“${k}”`))} 被多行数据对应，计算时会重复计入；请改正。`) : '';

  // Rows needing attention first, then the rest, in file order.
  const order = d.matches.map((m, i) => i).sort((a, b) => rank(d, a) - rank(d, b) || a - b);
  const tbl = el('table', { id: 'mydata-preview' });
  const hr = tbl.createTHead().insertRow();
  for (const h of ['行', t.columns[d.keyCol]!.name, '结果', '对应的机关（可手工改）', '依据']) hr.append(el('th', { scope: 'col' }, h));
  const tb = tbl.createTBody();
  // made when a typed name is first checked, not on every render (16,667 agencies at national scale)
  let known: Set<string> | undefined;
  // every agency's name, once for the page, made when a row first asks for another agency
  const agencyList = () => {
    if (!document.getElementById(AGENCY_LIST)) {
      const dl = el('datalist', { id: AGENCY_LIST });
      for (const e of entities) dl.append(el('option', { value: e.key }));
      body.append(dl);
    }
    return AGENCY_LIST;
  };
  for (const i of order) {
    const m = d.matches[i]!;
    const st = i in d.fixes ? 'fixed' : m.status;
    const tr = tb.insertRow();
    tr.className = `st-${st}`; tr.dataset.row = String(i);
    // The select holds this row's own choices only (no match, the candidates, the agency joined now); any other
    // agency is typed into a field that looks names up in one shared list: a select of every agency in every row
    // would be rows × agencies elements (3,000 × 16,667 at national scale).
    const sel = el('select', { 'aria-label': `第 ${i + 1} 行对应的机关` }) as HTMLSelectElement;
    sel.append(el('option', { value: '' }, '（不对应）'));
    const cands = m.status === 'ambiguous' ? m.keys : [];
    if (cands.length) { const g = el('optgroup', { label: '候选' }); for (const k of cands) g.append(el('option', { value: k }, k)); sel.append(g); }
    const now = d.joined[i] ?? '';
    if (now && !cands.includes(now)) sel.append(el('option', { value: now }, now));
    sel.append(el('option', { value: OTHER }, '其他机关…（输入名称）'));
    sel.value = now;
    const fix = (key: string) => {
      const fixes: Fixes = { ...d.fixes };
      const auto = m.status === 'matched' ? m.keys[0]! : '';
      if (key === auto && m.status === 'matched') delete fixes[i]; else fixes[i] = key;
      setReaderData({ table: t, keyCol: d.keyCol, kind: d.kind, fixes });
    };
    const other = el('input', { type: 'search', hidden: true, 'aria-label': `第 ${i + 1} 行：输入机关全称`, placeholder: '输入机关全称' }) as HTMLInputElement;
    const otherMsg = el('span', { className: 'small err', role: 'status' });
    other.addEventListener('change', () => {
      const key = other.value.trim();
      if (!key) return;
      if (!(known ??= new Set(entities.map((e) => e.key))).has(key)) { otherMsg.textContent = `没有名为“${key}”的机关`; return; }
      otherMsg.textContent = '';
      fix(key);
    });
    sel.addEventListener('change', () => {
      if (sel.value !== OTHER) { fix(sel.value); return; }
      other.setAttribute('list', agencyList());
      other.hidden = false;
      other.focus();
    });
    tr.append(el('td', { className: 'num' }, String(i + 1)), el('td', {}, t.columns[d.keyCol]!.text[i] ?? ''),
      el('td', { className: 'st' }, st === 'fixed' ? '手工指定' : STATUS_ZH[m.status]), el('td', {}, sel, ' ', other, ' ', otherMsg), el('td', { className: 'small' }, st === 'fixed' ? '读者指定' : m.basis));
  }
  const preview = el('details', { open: c.ambiguous + c.unmatched > 0 }, el('summary', {}, `逐行查看与改正（${t.rows} 行）`), el('div', { className: 'scroll', style: 'max-height:22rem;overflow:auto' }, tbl));

  const clear = el('button', { type: 'button', id: 'mydata-clear' }, '清除我的数据');
  clear.addEventListener('click', async () => {
    await clearReaderData();
    const u = new URL(location.href);
    for (const k of ['my', 'dc', 'ds']) u.searchParams.delete(k);
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate'));
  });

  body.replaceChildren(info, keys, countsEl, twiceEl, preview, usePart(d), el('p', {}, clear));
  root.dataset.ready = '1';
}

function rank(d: ReaderData, i: number): number {
  if (i in d.fixes) return 2;
  return d.matches[i]!.status === 'ambiguous' ? 0 : d.matches[i]!.status === 'unmatched' ? 1 : 3;
}

/** What the data is used for on this page. */
function usePart(d: ReaderData): Node {
  if (page === 'sql') {
    const cols = sqlNames(d.table);
    const ex = `SELECT r.agency AS 机关, r.year AS 年度, r.t3_new_total AS 新收, m."${cols[d.table.columns.findIndex((c) => c.kind === 'number')] ?? cols[0]}"\nFROM reports r JOIN mydata m ON m.agency_key = r.agency_key\nORDER BY 机关, 年度;`;
    const b = el('button', { type: 'button', id: 'mydata-example' }, '示例：与报告联接');
    b.addEventListener('click', () => {
      const ta = document.getElementById('sql-q') as HTMLTextAreaElement;
      ta.value = ex; document.getElementById('sql-run')?.click();
    });
    return el('p', { className: 'small' }, `在查询中可用表 mydata（${d.table.rows} 行）：列 ${cols.map((c) => `"${c}"`).join('、')}，以及 agency_key（对应 reports.agency_key；未对应为空）与 match（matched / fixed / ambiguous / unmatched / excluded）。 `, b);
  }
  const p = new URLSearchParams(location.search);
  const nums = d.table.columns.map((c, i) => ({ c, i })).filter((x) => x.c.kind === 'number');
  const colSel = el('select', { id: 'mydata-col' }) as HTMLSelectElement;
  for (const { c, i } of nums) colSel.append(el('option', { value: String(i), selected: String(i) === p.get('dc') }, c.name));
  const scaleSel = el('select', { id: 'mydata-scale' }) as HTMLSelectElement;
  const cur = Number(p.get('ds') || 10000);
  for (const s of SCALES) scaleSel.append(el('option', { value: String(s), selected: s === cur }, s === 1 ? '1（不乘）' : s.toLocaleString('zh-CN')));
  const go = el('button', { type: 'button', id: 'mydata-use' }, page === 'chart' ? '用于图表' : '计算');
  go.addEventListener('click', () => {
    const u = new URL(location.href);
    u.searchParams.set('my', '1'); u.searchParams.set('dc', colSel.value); u.searchParams.set('ds', scaleSel.value);
    if (page === 'chart' && !u.searchParams.get('g')) u.searchParams.set('g', 'agency');
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate'));
  });
  const off = el('button', { type: 'button', id: 'mydata-off' }, '不用自备数据');
  off.addEventListener('click', () => {
    const u = new URL(location.href);
    for (const k of ['my', 'dc', 'ds']) u.searchParams.delete(k);
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate'));
  });
  return el('div', { className: 'row' }, el('span', {}, `派生指标：${page === 'chart' ? '所选指标' : '对比页所选指标（计数类）'} ÷ `), colSel, el('span', {}, ' × '), scaleSel, go, off);
}

onReaderData((d) => { render(d).catch((e) => say(`无法显示自备数据：${(e as Error).message}`)); });
readerData().then((d) => {
  if (d) { if (new URLSearchParams(location.search).get('my')) root.open = true; return render(d); }
  if (new URLSearchParams(location.search).get('my')) {
    root.open = true;
    say('这个网址使用了读者自备的数据，而数据只保存在制作者自己的浏览器里，本浏览器中没有。请在这里载入同一份文件。');
  }
}).catch((e) => say(`无法读取保存的自备数据：${(e as Error).message}`));

if (page === 'compare') import('./mydata-compare.ts');
if (page === 'sql') import('./mydata-sqlpage.ts');
