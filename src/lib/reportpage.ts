/**
 * The report page (/report/?id=<id>): its record read by id from the tables (record.ts), the report's row and its agency's other years
 * (only the needed columns of reports.parquet) and its findings (findings.parquet), render them
 * (reportview.ts), then wire the page: click a number → the source text around it (record's source_text +
 * provenance {line,start,end}); click a check → highlight its cells; #cell=… in the URL is shareable; the
 * table CSV is made here. An unknown id gets a clear message. Source text is inserted with textContent only.
 */
import { agencyKey } from '../../scripts/corpus/agency-key.ts';
import { readById } from './byid.ts';
import { loadRecord, loadSourceText } from './record.ts';
import { siteBase } from './ui.ts';
import { FINDING_COLUMNS, REPORT_COLUMNS, checksLine, compareHref, findingsView, renderReport, reportCsv, validId, yearsView } from './reportview.ts';

const base = siteBase();
const article = document.getElementById('report') as HTMLElement;
const statusEl = document.getElementById('rep-status')!;
const titleEl = document.getElementById('rep-title')!;
const id = new URLSearchParams(location.search).get('id');

function fail(msg: string) {
  statusEl.textContent = msg;
  statusEl.classList.remove('muted');
  statusEl.classList.add('fail');
  article.dataset.error = '1';
}


/** The record first (tables, checks, text: the page's first content), then the Parquet parts (row, other years, findings). */
function load(id: string) {
  const recP = loadRecord(id);
  // the text around each cell: from the optional archive, fetched alongside (the tables do not wait for it)
  const textP = loadSourceText(id);
  // the agency's reports (this one among them), by its key: one row group of the agency-ordered reports table
  const reportsP = recP.then((rec) => (rec ? readById('reports', agencyKey(rec.agency), REPORT_COLUMNS, 'agency_key') : []));
  const findingsP = readById('findings', id, FINDING_COLUMNS)
    .then((fs) => fs.sort((a, b) => Number(b.score ?? -Infinity) - Number(a.score ?? -Infinity)))
    .catch(() => [] as Record<string, any>[]); // no findings table published: the page simply has no findings section
  reportsP.catch(() => {}); findingsP.catch(() => {});
  return { recP, textP, reportsP, findingsP };
}

function wire(rec: any) {
  const panel = document.getElementById('prov')!;
  const title = document.getElementById('prov-title')!;
  const raw = document.getElementById('prov-raw')!;
  const text = document.getElementById('prov-text')!;
  const show = (path: string, focus = true) => {
    document.querySelectorAll('td.sel').forEach((td) => td.classList.remove('sel'));
    const td = document.querySelector(`td[data-path="${CSS.escape(path)}"]`);
    td?.classList.add('sel');
    panel.hidden = false;
    raw.textContent = ''; text.replaceChildren();
    const p = rec.provenance?.[path];
    const label = td?.closest('tr')?.querySelector('th')?.textContent?.trim() ?? '';
    const v = td?.textContent?.trim() || '空白';
    if (!p) { title.textContent = `${label} ${path} = ${v}`; raw.textContent = '此格没有出处记录。'; return; }
    title.textContent = `${label}（${path}）= ${v} · 原文第 ${p.line + 1} 行，第 ${p.start + 1}–${p.end} 字`;
    raw.textContent = p.origin ? `原始位置：${JSON.stringify(p.origin)}` : `单元格原文：${p.raw ?? ''}`;
    const lines: string[] = String(rec.source_text ?? '').split('\n');
    const from = Math.max(0, p.line - 4), to = Math.min(lines.length, p.line + 5);
    for (let i = from; i < to; i++) {
      const num = document.createElement('span'); num.className = 'muted'; num.textContent = `${String(i + 1).padStart(4)}  `;
      text.append(num);
      const l = lines[i] ?? '';
      if (i === p.line) {
        const m = document.createElement('mark'); m.textContent = l.slice(p.start, p.end);
        text.append(document.createTextNode(l.slice(0, p.start)), m, document.createTextNode(l.slice(p.end) + '\n'));
      } else text.append(document.createTextNode(l + '\n'));
    }
    if (focus) panel.scrollIntoView({ block: 'nearest' });
  };
  article.querySelectorAll('table.tpl').forEach((t) => t.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button.v') as HTMLElement | null;
    if (!b) return;
    history.replaceState(null, '', `#cell=${encodeURIComponent(b.dataset.path!)}`);
    show(b.dataset.path!);
  }));
  document.getElementById('prov-close')!.addEventListener('click', () => { panel.hidden = true; history.replaceState(null, '', location.pathname + location.search); });
  document.getElementById('check-list')?.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button[data-cells]') as HTMLElement | null;
    if (!b) return;
    document.querySelectorAll('td.sel').forEach((td) => td.classList.remove('sel'));
    const cells: string[] = JSON.parse(b.dataset.cells!);
    let first: Element | null = null;
    for (const c of cells) { const td = document.querySelector(`td[data-path="${CSS.escape(c)}"]`); if (td) { td.classList.add('sel'); first ??= td; } }
    first?.scrollIntoView({ block: 'center' });
  });
  document.getElementById('dl-csv')?.addEventListener('click', (e) => {
    e.preventDefault();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([reportCsv(String(id), rec)], { type: 'text/csv;charset=utf-8' }));
    a.download = `${id}.csv`;
    document.body.append(a); a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
  const m = /#cell=(.+)$/.exec(location.hash);
  if (m) show(decodeURIComponent(m[1]), false);
  else if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  window.addEventListener('hashchange', () => { const h = /#cell=(.+)$/.exec(location.hash); if (h) show(decodeURIComponent(h[1])); });
}

async function main() {
  if (!validId(id)) { fail(id ? `报告编号“${id}”格式不正确。` : '网址中缺少报告编号（?id=…）。请从报告列表进入。'); return; }
  const { recP, textP, reportsP, findingsP } = load(id);
  let rec: any;
  try {
    rec = await recP;
    if (!rec) { fail(`找不到编号为 ${id} 的报告：数据中没有这份报告。`); return; }
    // until reports.parquet answers, what the record itself says (the check counts wait for the row)
    const row0 = { id, agency: rec.agency, year: rec.year, file: rec.source?.file, format: rec.source?.format, source_url: rec.source_url };
    document.title = `${rec.agency} ${rec.year} 年度报告 · 信息公开年报数据台`;
    titleEl.replaceChildren(String(rec.agency ?? ''), ' ', Object.assign(document.createElement('span'), { className: 'muted', textContent: `${rec.year} 年度` }));
    article.dataset.id = id;
    article.replaceChildren(...renderReport({ base, rec, row: row0, same: null, findings: null }));
    article.hidden = false;
    statusEl.hidden = true;
    rec.source_text = await textP;
    wire(rec);
    performance.mark('atlas:report-content');
    article.dataset.content = '1';
  } catch (e) { fail(`无法加载报告 ${id}：${(e as Error).message}`); return; }
  try {
    const [all, findings] = await Promise.all([reportsP, findingsP]);
    const row = all.find((r) => r.id === id);
    const same = all.sort((a, b) => a.year - b.year);
    document.getElementById('meta-checks')!.replaceChildren(...(row ? checksLine(row) : ['报告列表中没有这份报告的校验统计；校验明细见下方。']));
    (document.getElementById('compare-years') as HTMLAnchorElement).href = compareHref(base, id, same);
    document.getElementById('years-box')!.replaceChildren(yearsView(base, id, same));
    document.getElementById('findings-box')!.replaceChildren(...findingsView(base, findings));
    article.dataset.ready = '1';
  } catch (e) {
    const msg = `无法加载报告列表（${(e as Error).message}）：同一机关的其他年度与校验统计暂缺。`;
    document.getElementById('years-box')!.replaceChildren(msg);
    document.getElementById('meta-checks')!.replaceChildren('暂缺');
    article.dataset.error = '1';
  }
}
main();
