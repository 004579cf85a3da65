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
import { download, siteBase, sourceLine } from './ui.ts';
import { FINDING_COLUMNS, REPORT_COLUMNS, UNSETTLED, checksLine, fillProvenance, setCompareYears, findingsView, renderReport, reportCsv, validId, yearsView } from './reportview.ts';

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
  const parts = {
    title: document.getElementById('prov-title')!, settled: document.getElementById('prov-settled')!, cands: document.getElementById('prov-cands')!,
    raw: document.getElementById('prov-raw')!, text: document.getElementById('prov-text')!,
  };
  const show = (path: string) => {
    document.querySelectorAll('td.sel').forEach((td) => td.classList.remove('sel'));
    const td = document.querySelector(`td[data-path="${CSS.escape(path)}"]`) as HTMLElement | null;
    td?.classList.add('sel');
    td?.closest('details')?.setAttribute('open', ''); // 2019 table 二 columns are folded
    panel.hidden = false;
    const shown = td?.querySelector('button.v')?.textContent?.trim() || null;
    fillProvenance(base, rec, path, td?.querySelector('button.pending') ? UNSETTLED : shown, parts);
    // the marked digits in view inside the text box, without moving the page
    const mark = parts.text.querySelector('mark');
    if (mark) {
      const box = parts.text.getBoundingClientRect(), m = mark.getBoundingClientRect();
      parts.text.scrollTop += m.top - box.top - (box.height - m.height) / 2;
    }
    // the clicked cell in view and not under the (sticky) panel
    if (td) {
      const r = td.getBoundingClientRect();
      if (r.top < 0 || r.bottom > innerHeight) td.scrollIntoView({ block: 'center', inline: 'nearest' });
      const c = td.getBoundingClientRect(), pr = panel.getBoundingClientRect();
      if (c.bottom > pr.top - 8 && c.top < pr.bottom) window.scrollBy(0, c.bottom - pr.top + 16);
    }
  };
  article.querySelectorAll('table.tpl').forEach((t) => t.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button.v') as HTMLElement | null;
    if (!b) return;
    history.replaceState(null, '', `#cell=${encodeURIComponent(b.dataset.path!)}`);
    show(b.dataset.path!);
  }));
  document.getElementById('prov-close')!.addEventListener('click', () => { panel.hidden = true; history.replaceState(null, '', location.pathname + location.search); });
  document.getElementById('extract-notes')?.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button[data-cells]') as HTMLElement | null;
    if (!b) return;
    const path: string = JSON.parse(b.dataset.cells!)[0];
    history.replaceState(null, '', `#cell=${encodeURIComponent(path)}`);
    show(path);
  });
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
    download(`${id}.csv`, new Blob([reportCsv(String(id), rec, sourceLine())], { type: 'text/csv;charset=utf-8' }));
  });
  const m = /#cell=(.+)$/.exec(location.hash);
  if (m) show(decodeURIComponent(m[1]));
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
    setCompareYears(document.getElementById('compare-years'), base, id, same);
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
