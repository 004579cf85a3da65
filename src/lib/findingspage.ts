/**
 * The findings page in the browser. The page prerenders each rule's first findings and its counts; every other view
 * (a severity, a later page, a page size) reads just its rows from findings_by_rule: the rule's part files that hold
 * them (findingslice.ts), rows [rowStart, rowEnd) of each, with hyparquet. Filters and page live in the URL
 * (?rule=&severity=&page=&n=), so a view can be shared and back/forward restore it. The CSV is every finding of
 * the filter, read the same way. Findings are built with the prerender's markup (findingview.ts).
 */
import { dataUrl, readParquet, rememberFiles, tableFiles } from './parquet.ts';
import { findingCsvRow, findingTree, FINDINGS_CSV_HEAD, toDom, type FindingRow } from './findingview.ts';
import { FIRST_PER_RULE, pageRange, parseState, partReads, severityRange, stateSearch, type FindingsState, type RulePlan } from './findingslice.ts';
import { csvOf, download, siteBase, sourceLine } from './ui.ts';
import { withSourceColumn } from './csvcite.ts';

const COLUMNS = ['report_id', 'severity', 'score', 'message', 'evidence', 'other_report_id', 'agency', 'year'];

interface Section { el: HTMLElement; plan: RulePlan; list: HTMLElement; range: HTMLElement; pager: HTMLElement; shown: string }

/** Rows [start, end) of a rule, from its part files. */
async function readRows(plan: RulePlan, start: number, end: number): Promise<FindingRow[]> {
  // the page names its part files (one round trip less); a page built without them looks them up in data-files.json
  const path = new Map<number, string>();
  if (plan.files?.length) {
    rememberFiles(plan.files);
    plan.files.forEach((f, i) => { if (f) path.set(i, f.path); });
  } else {
    for (const f of (await tableFiles()).findings_by_rule ?? []) if (f.partition?.rule === plan.rule) path.set(Number(f.partition?.part), f.path);
  }
  const chunks = await Promise.all(partReads(plan.parts, start, end).map(async ({ part, rowStart, rowEnd }) => {
    const p = path.get(part);
    if (!p) throw new Error(`findings_by_rule：缺少规则 ${plan.rule} 的第 ${part} 段文件`);
    const c = await readParquet(dataUrl(p), COLUMNS, { rowStart, rowEnd });
    return Array.from({ length: c.rows }, (_, i) => Object.fromEntries([...COLUMNS.map((k) => [k, c.data[k]![i] ?? null]), ['rule', plan.rule]]) as FindingRow);
  }));
  return chunks.flat();
}

function pageLink(text: string, s: FindingsState, attr: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = `${location.pathname}${stateSearch(s)}`;
  a.textContent = text;
  a.dataset.pageLink = attr;
  return a;
}

export function initFindingsPage() {
  const root = document.getElementById('findings-root');
  const form = document.getElementById('finding-filter') as HTMLFormElement | null;
  if (!root || !form) return;
  const base = siteBase();
  const sections: Section[] = [...root.querySelectorAll<HTMLElement>('[data-rule-section]')].map((el) => ({
    el, plan: { rule: el.dataset.ruleSection!, ...JSON.parse(el.dataset.plan!) } as RulePlan,
    list: el.querySelector<HTMLElement>('[data-list]')!, range: el.querySelector<HTMLElement>('[data-range]')!, pager: el.querySelector<HTMLElement>('[data-pager]')!,
    shown: `::1:${FIRST_PER_RULE}`, // the prerendered view: no severity, page 1 of FIRST_PER_RULE
  }));
  const field = (name: string) => form.elements.namedItem(name) as HTMLSelectElement;
  let generation = 0;

  async function render() {
    const gen = ++generation;
    const s = parseState(location.search);
    root!.removeAttribute('data-ready');
    field('rule').value = s.rule; field('severity').value = s.severity;
    if (field('rule').value !== s.rule) field('rule').value = '';
    const loads: Array<Promise<void>> = [];
    // what the filter matches, from the prerendered counts (no read needed)
    const matched = sections.filter((x) => !s.rule || x.plan.rule === s.rule).reduce((k, x) => { const r = severityRange(x.plan, s.severity); return k + r.end - r.start; }, 0);
    const status = document.getElementById('findings-status');
    if (status && (s.rule || s.severity)) status.textContent = matched ? `符合筛选的发现共 ${matched} 条。` : '没有符合筛选的发现。';
    else if (status) status.textContent = status.dataset.all ?? status.textContent;
    for (const sec of sections) {
      const r = pageRange(sec.plan, s.severity, s.page, s.size);
      sec.el.hidden = (!!s.rule && sec.plan.rule !== s.rule) || (!!s.severity && r.of === 0);
      if (sec.el.hidden) continue;
      const key = `${s.severity}::${s.page}:${s.size}`;
      const all = severityRange(sec.plan, s.severity);
      sec.range.textContent = r.start >= r.end ? `共 ${r.of} 条，这一页之后没有了` : `第 ${r.start - all.start + 1}–${r.end - all.start} 条，共 ${r.of} 条`;
      const own = { ...s, rule: sec.plan.rule };
      const kids: Node[] = [];
      if (s.page > 1) kids.push(pageLink('← 上一页', { ...own, page: s.page - 1 }, 'prev'));
      if (r.end < all.end) kids.push(pageLink(s.rule ? '下一页 →' : `更多（共 ${r.of} 条）→`, { ...own, page: s.page + 1 }, 'next'));
      sec.pager.replaceChildren(...kids.flatMap((k, i) => (i ? [' ', k] : [k])));
      if (sec.shown === key) continue;
      loads.push(readRows(sec.plan, r.start, r.end).then((rows) => {
        if (gen !== generation) return;
        sec.list.replaceChildren(...rows.map((f) => toDom(findingTree(base, f))));
        sec.shown = key;
      }, (e) => {
        if (gen !== generation) return;
        const p = document.createElement('p'); p.className = 'loading'; p.textContent = `无法读取这些发现：${(e as Error).message}`;
        sec.list.replaceChildren(p); sec.shown = '';
      }));
    }
    await Promise.all(loads);
    if (gen === generation) root!.dataset.ready = '';
  }

  const go = (s: FindingsState) => { history.pushState(null, '', `${location.pathname}${stateSearch(s)}`); void render(); };
  form.addEventListener('change', () => go({ ...parseState(location.search), rule: field('rule').value, severity: field('severity').value, page: 1 }));
  root.addEventListener('click', (e) => {
    const a = (e.target as Element).closest<HTMLAnchorElement>('a[data-page-link]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go(parseState(new URL(a.href).search));
    a.closest('section')?.scrollIntoView({ block: 'start' });
  });
  addEventListener('popstate', () => void render());

  // Every finding of the filter (not only the page shown), from Parquet: one row per finding, 1-based evidence lines.
  document.getElementById('findings-csv')?.addEventListener('click', async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    const s = parseState(location.search);
    button.disabled = true;
    try {
      const rows: string[][] = [FINDINGS_CSV_HEAD];
      for (const sec of sections) {
        if (s.rule && sec.plan.rule !== s.rule) continue;
        const r = severityRange(sec.plan, s.severity);
        if (r.end > r.start) for (const f of await readRows(sec.plan, r.start, r.end)) rows.push(findingCsvRow(f));
      }
      download('findings.csv', new Blob([csvOf(withSourceColumn(rows, sourceLine()))], { type: 'text/csv;charset=utf-8' }));
    } catch (err) {
      const status = document.getElementById('findings-status');
      if (status) status.textContent = `无法生成 CSV：${(err as Error).message}`;
    } finally { button.disabled = false; }
  });

  void render();
}
