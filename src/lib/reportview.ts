/**
 * One report, rendered in the browser from its record (read by id, record.ts) plus the few columns of
 * reports.parquet / findings.parquet it needs. Pure DOM building: every text from a report goes in with
 * textContent (never as HTML). The layout follows the national template; blank cells stay blank (hatched).
 */
import { t2ExtraPath, t2Path, t3Path, t4Path } from '../../scripts/template/cell-path.ts';
import { agencyHref, reportHref } from './links.ts';
import { dataUrl } from './parquet.ts';
import { T3_ROWS, T3_COLUMNS, T4_GROUPS, T4_OUTCOMES, T4_CELLS, T2_DOC_KINDS, T2_DOC_FIELDS, T2_SINGLE, SECTIONS } from '../../scripts/template/vocabulary.ts';
import { LEVEL_ZH, MEASURES, T3_GROUP_HEAD, fmt, RATE_DEFS, type Row } from './measures.ts';
import { csvOf } from './ui.ts';
import { el, type Kid } from './dom.ts';
import { findingTree, toDom, type FindingRow } from './findingview.ts';
import { withSourceColumn } from './csvcite.ts';
import { publishedExt, publishedSourceName } from '../../scripts/corpus/sources.ts';
import { ambiguityOf, cellName, lineWindow, ownSpan, provenanceOf, recordPath, settledText } from './trace.ts';
import { t2ExtraLabel } from '../../scripts/template/vocabulary.ts';

const h2 = (id: string, text: string) => el('h2', { id }, text);
const scroll = (...kids: Kid[]) => el('div', { className: 'scroll' }, ...kids);

/** The report page's URL (one route for every report; the cell deep link rides in the hash). */
export { reportHref };

/** Report ids are hex hashes or file-derived slugs; anything else is refused before a fetch is built from it. */
export const validId = (id: string | null): id is string => id != null && /^[A-Za-z0-9_.-]{1,120}$/.test(id) && !id.includes('..');

export const KEY_MEASURES = MEASURES.filter((m) => ['new', 'handled', 'out_granted', 'open_rate', 'review_total', 'licensing'].includes(m.code));
/** Columns of reports.parquet the page reads (its own row and the same agency's other years). */
export const REPORT_COLUMNS = [...new Set(['id', 'agency', 'agency_key', 'year', 'province', 'city', 'county', 'township', 'file', 'format', 'source_url',
  'checks_pass', 'checks_fail', 'checks_na', 'ambiguous_cells', ...KEY_MEASURES.flatMap((m) => m.columns)])];
export const FINDING_COLUMNS = ['report_id', 'rule', 'severity', 'message', 'evidence', 'other_report_id', 'score'];

/**
 * The report's table values as CSV (UTF-8 with BOM): cell path, label, value as printed (blank = empty; an
 * unsettled cell is empty and says so in `settled`), where it is in the text (1-based line and characters, as the
 * page shows them) and how it was settled; the citation is the last column (csvcite.ts).
 */
export function reportCsv(id: string, r: Row, source: string): string {
  const lines: string[][] = [['report_id', 'agency', 'year', 'path', 'label', 'value', 'line', 'start', 'end', 'settled']];
  const s = (v: unknown) => (v == null ? '' : String(v));
  const add = (path: string, label: string, v: any) => {
    const p = provenanceOf(r as any, path);
    const how = p?.settled ?? (v == null && ambiguityOf(r as any, path) ? 'unsettled' : '');
    lines.push([id, s(r.agency), s(r.year), path, label, s(v), p ? String(p.line + 1) : '', p ? String(p.start + 1) : '', s(p?.end), how]);
  };
  for (const k of T2_DOC_KINDS) for (const f of T2_DOC_FIELDS) add(t2Path(k.code, f.code), `${k.zh}·${f.zh}`, r.t2?.[k.code]?.[f.code]);
  for (const k of T2_SINGLE) add(t2Path(k.code), k.zh, r.t2?.[k.code]);
  for (const row of T3_ROWS) if (r.t3?.[row.code]) T3_COLUMNS.forEach((c, i) => add(t3Path(row.code, i), `${row.zh}·${c.zh}`, r.t3[row.code][i]));
  T4_CELLS.forEach((c, i) => add(t4Path(i), c.zh, r.t4?.[i]));
  return csvOf(withSourceColumn(lines, source));
}

interface Ctx { base: string; rec: Row; row: Row; same: Row[] | null; findings: Row[] | null }

/** The 校验 line of the metadata, from the report's row of reports.parquet (its counts include checks settled across years at publish). */
export function checksLine(row: Row): Array<Node | string> {
  if (row.checks_pass === undefined) return [el('span', { className: 'muted' }, '正在加载…')];
  return [el('span', { className: 'pass' }, `${row.checks_pass ?? 0} 通过`), ' · ', el('span', { className: row.checks_fail ? 'badge fail' : '' }, `${row.checks_fail ?? 0} 未通过`), ` · ${row.checks_na ?? 0} 不适用${row.ambiguous_cells ? ` · 另有 ${row.ambiguous_cells} 格待定（原文数字连写，有多种拆分）` : ''}`];
}

/** The 与同一机关其他年度对比 link: only when the data hold another year of the agency. */
export function setCompareYears(a: HTMLElement | null, base: string, id: string, same: Row[]) {
  if (!a) return;
  (a as HTMLAnchorElement).href = compareHref(base, id, same);
  a.hidden = !same.some((s) => s.id !== id);
}

export function compareHref(base: string, id: string, same: Row[]) {
  return `${base}compare/?ids=${id}${same.filter((s) => s.id !== id).slice(0, 3).map((s) => ',' + s.id).join('')}`;
}

/** The same agency's other years (one agency_key), with differences to the year before, and a link to the agency page. */
export function yearsView(base: string, id: string, same: Row[] | null): Node {
  if (same == null) return el('p', { className: 'muted' }, '正在加载其他年度…');
  const key = same.find((s) => s.id === id)?.agency_key;
  const link = key ? el('p', {}, el('a', { href: agencyHref(base, key), id: 'agency-link' }, `${key}：历年报告与趋势图 →`)) : null;
  if (same.length <= 1) return el('div', {}, el('p', { className: 'muted' }, '数据中只有这一年度的报告。'), link);
  return el('div', {}, link, scroll(el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '年度'), ...KEY_MEASURES.map((m) => el('th', { scope: 'col', className: 'num' }, m.zh)), el('th', { scope: 'col' }, '校验'))),
    el('tbody', {}, ...same.map((s, i) => el('tr', { className: s.id === id ? 'amb' : '' },
      el('th', { scope: 'row' }, s.id === id ? `${s.year}（本报告）` : el('a', { href: reportHref(base, s.id) }, String(s.year))),
      ...KEY_MEASURES.map((m) => {
        const v = m.get(s); const p = i > 0 ? m.get(same[i - 1]) : null;
        const d = v != null && p != null ? v - p : null;
        return el('td', { className: 'num' }, fmt(v, m.kind), d != null && d !== 0 && el('span', { className: d > 0 ? 'diff-up small' : 'diff-down small' }, ` ${d > 0 ? '+' : '−'}${fmt(Math.abs(d), m.kind)}`));
      }),
      el('td', {}, s.checks_fail ? `${s.checks_fail} 项未通过` : '通过')))))));
}

/** The report's findings (nothing when it has none). */
export function findingsView(base: string, findings: Row[]): Node[] {
  if (!findings.length) return [];
  return [
    h2('findings', `发现（${findings.length}）`),
    el('p', { className: 'small' }, '自动核查发现的疑点，附原文证据；疑点不是结论。', el('a', { href: `${base}findings/` }, '全部发现 →')),
    ...findings.map((f) => findingView(base, f)),
  ];
}

/** A check of the report's own arithmetic; the extractor's extract.* rules say how the text was read instead. */
export const isArithmetic = (c: Row) => !String(c.rule).startsWith('extract.');

/** What an unsettled cell reads as, on screen and to a screen reader. */
export const UNSETTLED = '待定（有多种拆分）';

/**
 * A table value: blank stays blank (never 0); a value the text could not settle reads 待定 (its candidate splits
 * are in the source panel); a button opens its provenance; failed checks mark it.
 */
function num(v: number | null | undefined, path: string, fail: string[], amb: boolean, has: boolean) {
  const unsettled = v == null && amb;
  const cls = [fail.length ? 'fail' : '', amb ? 'amb' : '', v == null && !unsettled ? 'blank' : '', 'num'].filter(Boolean).join(' ');
  const title = [fail.length ? `未通过校验：${fail.join('；')}` : '', amb ? (unsettled ? `${UNSETTLED}：点击查看候选拆分` : '此格文本有多种拆分，已由其他依据确定') : ''].filter(Boolean).join('\n') || undefined;
  const td = el('td', { className: cls, 'data-path': path, title });
  const name = cellName(path);
  if (unsettled) td.append(el('button', { type: 'button', className: 'v pending', 'data-path': path, 'aria-label': `${name}：${UNSETTLED}，查看候选拆分` }, '待定', el('span', { className: 'sr-only' }, '（有多种拆分）')));
  else if (v == null) td.append(has ? el('button', { type: 'button', className: 'v', 'data-path': path, 'aria-label': `${name}：空白，查看原文` }, '\u00a0') : el('span', { className: 'sr-only' }, '空白'));
  else td.append(el('button', { type: 'button', className: 'v', 'data-path': path }, String(v)));
  return td;
}

/** Where in the original file a value was, in words (the record's origin). */
function originText(o: any): string {
  if (!o) return '';
  if (o.kind === 'pdf') return `原文件（PDF）第 ${o.page} 页`;
  if (o.kind === 'docx') return `原文件（Word）第 ${o.table + 1} 个表格第 ${o.row + 1} 行第 ${o.cell + 1} 格`;
  if (o.kind === 'html') return `原网页中的位置：${o.path}`;
  if (o.kind === 'doc') return `原文件（Word 97）：${o.note}`;
  return '';
}

const LONG = 160;
/** Characters [start, end) of a line as a reader counts them (1-based). */
const chars = (start: number, end: number) => (end - start === 1 ? `第 ${end} 字` : `第 ${start + 1}–${end} 字`);
/** One source line for the panel: a long line only as a window around the marked span (with … where cut). */
function sourceLine(text: HTMLElement, n: number, l: string, mark: { start: number; end: number; cls: string } | null) {
  text.append(el('span', { className: 'muted' }, `${String(n + 1).padStart(4)}  `));
  if (!mark) { text.append(l.length > LONG ? `${l.slice(0, LONG)}…（本行共 ${l.length} 字）\n` : `${l}\n`); return; }
  const w = lineWindow(l, mark.start, mark.end);
  text.append(w.cut[0] ? '…' : '', l.slice(w.from, mark.start), el('mark', { className: mark.cls }, l.slice(mark.start, mark.end)), l.slice(mark.end, w.to), w.cut[1] ? '…' : '', '\n');
}

/**
 * The source panel's content for one cell: its Chinese name and value, how it was settled (the other report
 * linked for cross-year), the candidate splits of an unsettled run, where it was in the original file, and
 * the lines of text around it with only the cell's own digits marked.
 */
export function fillProvenance(base: string, rec: Row, path: string, shown: string | null, parts: { title: HTMLElement; settled: HTMLElement; cands: HTMLElement; raw: HTMLElement; text: HTMLElement }) {
  const { title, settled, cands, raw, text } = parts;
  settled.replaceChildren(); cands.replaceChildren(); raw.textContent = ''; text.replaceChildren();
  const p = provenanceOf(rec as any, path);
  const a = ambiguityOf(rec as any, path);
  const v = shown || (a ? UNSETTLED : '空白');
  title.textContent = `${cellName(path)} = ${v}`;
  const how = settledText(p);
  if (how) settled.append('如何确定：', how.text, ...(how.by ? ['（', el('a', { href: reportHref(base, how.by) }, '依据的另一年度报告'), '）'] : []));
  else if (a) settled.append('如何确定：未能确定——原文数字连在一起，按表格的勾稽关系仍有多种拆分，照录原文、不作猜测。');
  else if (!p) settled.append('此格没有出处记录（报告中为空白或未读到）。');
  if (a) {
    cands.append(el('details', { open: !p },
      el('summary', {}, `候选拆分（${a.candidates.length} 种${a.candidates.length >= 20 ? '，只列前 20 种' : ''}）：原文“${a.run}”`),
      el('div', { className: 'scroll' }, el('table', { className: 'cands' },
        el('thead', {}, el('tr', {}, ...a.cells.map((c) => el('th', { scope: 'col', className: c === path || c === recordPath(rec as any, path) ? 'sel' : '' }, cellName(c))))),
        el('tbody', {}, ...a.candidates.map((row) => el('tr', {}, ...row.map((x, i) => el('td', { className: `num${a.cells[i] === path || a.cells[i] === recordPath(rec as any, path) ? ' sel' : ''}` }, x == null ? '' : String(x)))))))),
      a.resolved_by ? el('p', { className: 'small' }, a.resolved_by) : null));
  }
  const lines: string[] = String(rec.source_text ?? '').split('\n');
  // the cell's place in the text: its provenance, or for an unsettled cell the printed run found in the text
  let at: { line: number; start: number; end: number; cls: string } | null = null;
  if (p) {
    const own = ownSpan(rec as any, path);
    at = own ? { line: p.line, ...own, cls: 'own' } : { line: p.line, start: p.start, end: p.end, cls: 'run' };
    raw.textContent = [originText(p.origin), `原文第 ${p.line + 1} 行，${chars((own ?? p).start, (own ?? p).end)}`, own ? '' : `（数字连在一起，无法确定本格在“${p.raw}”中的位置，整串标出）`].filter(Boolean).join(' · ');
  } else if (a) {
    const i = lines.findIndex((l) => l.includes(a.run));
    if (i >= 0) { const s = lines[i]!.indexOf(a.run); at = { line: i, start: s, end: s + a.run.length, cls: 'run' }; raw.textContent = `原文第 ${i + 1} 行，${chars(s, s + a.run.length)}：未能拆分的整串数字`; }
  }
  if (!at) return;
  const from = Math.max(0, at.line - 3), to = Math.min(lines.length, at.line + 4);
  for (let i = from; i < to; i++) sourceLine(text, i, lines[i] ?? '', i === at.line ? at : null);
}

/** A finding of this report: the findings page's markup (findingview.ts) without the link to the report itself. */
function findingView(base: string, f: Row) {
  return toDom(findingTree(base, f as FindingRow, false));
}


/** Build the report's content (everything inside <article id="report">). */
export function renderReport({ base, rec, row, same, findings }: Ctx): Node[] {
  const id = String(row.id);
  const checks: Row[] = rec.checks ?? [];
  const failBy = new Map<string, string[]>();
  for (const c of checks) if (c.status === 'fail' && isArithmetic(c)) for (const p of c.cells ?? []) { if (!failBy.has(p)) failBy.set(p, []); failBy.get(p)!.push(`${c.scope}：${c.detail}`); }
  const amb = new Set<string>(rec.ambiguous ?? []);
  const prov = rec.provenance ?? {};
  const isAmb = (path: string) => amb.has(path) || amb.has(recordPath(rec as any, path)) || ambiguityOf(rec as any, path) != null;
  const cell = (v: any, path: string) => num(v, path, failBy.get(path) ?? [], isAmb(path), provenanceOf(rec as any, path) != null);

  const t3 = rec.t3 ?? {};
  const single = rec.t3_other_single_row;
  const t3rows = T3_ROWS.filter((r) => r.code in t3 || (r.templates.includes(rec.template) && (r.code === 'other_total' ? single : !(['other_overdue_correction', 'other_overdue_fee', 'other_other'].includes(r.code) && single))));
  const GROUP_HEAD = T3_GROUP_HEAD;
  const heads = new Set<string>();
  const t3Body: HTMLElement[] = [];
  for (const r of t3rows) {
    if (r.code === 'granted') t3Body.push(el('tr', {}, el('th', { scope: 'rowgroup', colspan: 8 }, '三、本年度办理结果')));
    if (GROUP_HEAD[r.group] && r.item && !heads.has(r.group)) { heads.add(r.group); t3Body.push(el('tr', {}, el('th', { scope: 'rowgroup', colspan: 8 }, GROUP_HEAD[r.group]))); }
    t3Body.push(el('tr', {}, el('th', { scope: 'row', className: 'rowh' }, r.zh, el('span', { className: 'en', lang: 'en' }, ` ${r.en}`)), ...T3_COLUMNS.map((_, c) => cell(t3[r.code]?.[c], t3Path(r.code, c)))));
  }

  const srcFormat: string | null = rec.source?.format ?? row.format ?? null;
  const ext = publishedExt(srcFormat);
  const safeUrl = typeof row.source_url === 'string' && /^https?:\/\//i.test(row.source_url) ? row.source_url : null;
  const arithmetic = checks.filter(isArithmetic);
  const extraction = checks.filter((c) => !isArithmetic(c) && c.status === 'fail');
  const failed = arithmetic.filter((c) => c.status === 'fail');
  const sortedChecks = [...failed, ...arithmetic.filter((c) => c.status !== 'fail')];
  const sections = (rec.sections ?? []).slice().sort((a: any, b: any) => String(a.code).localeCompare(String(b.code)));
  const secName = Object.fromEntries(SECTIONS.map((s) => [s.code, `${s.num}、${s.zh}`]));
  const region = rec.region?.name ?? ([row.province, row.city, row.county, row.township].filter(Boolean).join(' ') || '未识别');

  const meta = el('dl', { className: 'meta' },
    el('dt', {}, '地区'), el('dd', {}, `${region}${rec.region?.ambiguous ? '（存疑，多个候选）' : ''}${rec.region?.code ? ` · 代码 ${rec.region.code}` : ''}`),
    el('dt', {}, '层级'), el('dd', {}, `${LEVEL_ZH[rec.level] ?? rec.level ?? ''}${rec.parents?.length ? ` · 上级：${rec.parents.join(' / ')}` : ''}`),
    el('dt', {}, '模板'), el('dd', {}, rec.template ? `${rec.template} 版（${rec.template === '2021' ? '国办公开办函〔2021〕30号' : '国办公开办函〔2019〕60号'}）` : '未注明（原文未含表格）'),
    el('dt', {}, '发布日期'), el('dd', {}, rec.published ?? '未注明'),
    el('dt', {}, '来源'), el('dd', {}, safeUrl ? el('a', { href: safeUrl, rel: 'noopener nofollow' }, safeUrl) : '未记录网址', ' · 文件 ', el('code', {}, String(row.file ?? '')), `（${row.format ?? ''}，版式 ${rec.layout ?? ''}）`),
    el('dt', {}, '校验'), el('dd', { id: 'meta-checks' }, ...checksLine(row)),
  );
  const downloads = el('div', {},
    el('h2', { style: 'margin-top:0' }, '下载'),
    el('ul', {},
      el('li', {}, el('a', { href: dataUrl(`archive/records/${id}.json`), download: '' }, '本报告数据记录（JSON，含原文文本与出处）')),
      el('li', {}, el('a', { href: '#', id: 'dl-csv', 'data-csv': '' }, '本报告表格数值（CSV）')),
      el('li', {}, el('a', { href: dataUrl(`archive/sources/${publishedSourceName(id, null, srcFormat)}`), download: `${rec.agency}${rec.year}.${ext}` }, `原始文件（.${ext}${srcFormat === 'html' ? '，网页源码以纯文本提供' : ''}）`)),
    ),
    el('p', {}, el('a', { id: 'compare-years', href: compareHref(base, id, same ?? []), hidden: !(same ?? []).some((s) => s.id !== id) }, '与同一机关其他年度对比 →')),
  );

  const t2 = scroll(el('table', { className: 'tpl', 'aria-labelledby': 't2' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '信息内容'), ...T2_DOC_FIELDS.map((f) => el('th', { scope: 'col', className: 'num' }, rec.template === '2019' && (f as any).zh2019 ? (f as any).zh2019 : f.zh)))),
    el('tbody', {}, ...T2_DOC_KINDS.map((k) => el('tr', {}, el('th', { scope: 'row', className: 'rowh' }, k.zh), ...T2_DOC_FIELDS.map((f) => cell(rec.t2?.[k.code]?.[f.code], t2Path(k.code, f.code)))))),
  ));
  const t2s = el('div', { className: 'scroll', style: 'margin-top:.6rem' }, el('table', { className: 'tpl' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '信息内容'), el('th', { scope: 'col', className: 'num' }, '本年处理决定数量 / 收费金额'))),
    el('tbody', {}, ...T2_SINGLE.map((k) => el('tr', {}, el('th', { scope: 'row', className: 'rowh' }, k.zh), cell(rec.t2?.[k.code], t2Path(k.code))))),
  ));
  const extra = rec.t2_extra && Object.keys(rec.t2_extra).length > 0 && el('details', {}, el('summary', {}, `2019 版表二的其他栏目（${Object.keys(rec.t2_extra).length} 项）`),
    el('table', { className: 'tpl' }, el('tbody', {}, ...Object.entries(rec.t2_extra).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, t2ExtraLabel(k).zh, ' ', el('code', { className: 'small muted' }, k)),
      typeof v === 'number' || v == null ? cell(v, t2ExtraPath(k)) : el('td', {}, String(v)))))));

  const enLabel = (en: string) => el('span', { className: 'en', lang: 'en' }, ` ${en}`);
  const t3t = scroll(el('table', { className: 'tpl', 'aria-labelledby': 't3' },
    el('thead', {},
      el('tr', {}, el('th', { scope: 'col', rowspan: 3 }, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'), el('th', { scope: 'colgroup', colspan: 7 }, '申请人情况')),
      el('tr', {}, el('th', { scope: 'col', rowspan: 2 }, T3_COLUMNS[0].zh, enLabel(T3_COLUMNS[0].en)), el('th', { scope: 'colgroup', colspan: 5 }, '法人或其他组织', enLabel('Legal persons / organisations')), el('th', { scope: 'col', rowspan: 2 }, T3_COLUMNS[6].zh, enLabel(T3_COLUMNS[6].en))),
      el('tr', {}, ...T3_COLUMNS.slice(1, 6).map((c) => el('th', { scope: 'col' }, c.zh, enLabel(c.en))))),
    el('tbody', {}, ...t3Body)));

  const t4t = scroll(el('table', { className: 'tpl', 'aria-labelledby': 't4' },
    el('thead', {},
      el('tr', {}, el('th', { scope: 'colgroup', colspan: 5, rowspan: 2 }, '行政复议'), el('th', { scope: 'colgroup', colspan: 10 }, '行政诉讼')),
      el('tr', {}, el('th', { scope: 'colgroup', colspan: 5 }, '未经复议直接起诉'), el('th', { scope: 'colgroup', colspan: 5 }, '复议后起诉')),
      el('tr', {}, ...T4_GROUPS.flatMap(() => T4_OUTCOMES.map((o) => el('th', { scope: 'col' }, o.zh))))),
    el('tbody', {}, el('tr', {}, ...T4_GROUPS.flatMap((_g, gi) => T4_OUTCOMES.map((_o, oi) => cell(rec.t4?.[gi * 5 + oi], t4Path(gi * 5 + oi))))))));

  const provPanel = el('div', { id: 'prov', className: 'prov', hidden: true, 'aria-live': 'polite' },
    el('div', { className: 'row', style: 'justify-content:space-between' }, el('strong', { id: 'prov-title' }), el('button', { type: 'button', id: 'prov-close' }, '关闭')),
    el('p', { id: 'prov-settled', className: 'small' }),
    el('div', { id: 'prov-cands' }),
    el('p', { id: 'prov-raw', className: 'small muted' }),
    el('pre', { className: 'source-text', id: 'prov-text' }));

  const findingNodes: Kid[] = [el('div', { id: 'findings-box' }, ...findingsView(base, findings ?? []))];

  const checkRows = sortedChecks.map((c) => {
    const otherIds = [...new Set((c.cells ?? []).filter((p: string) => p.includes('#')).map((p: string) => p.split('#')[0]))] as string[];
    return el('tr', { className: c.status === 'fail' ? 'fail' : '' },
      el('td', {}, c.status === 'fail' ? '未通过' : c.status === 'pass' ? '通过' : '不适用'),
      el('td', {}, el('button', { type: 'button', 'data-cells': JSON.stringify(c.cells ?? []) }, el('code', {}, String(c.rule)))),
      el('td', {}, String(c.scope ?? '')),
      el('td', {}, String(c.detail ?? ''), ...otherIds.flatMap((oid) => [' ', el('a', { href: reportHref(base, oid) }, '另一年度的报告')])));
  });

  const years = el('div', { id: 'years-box' }, yearsView(base, id, same));

  const narrative: Kid[] = sections.length === 0 ? [el('p', { className: 'muted' }, '未识别出正文章节。')] : sections.map((s: any, i: number) => el('details', { className: 'sec', open: i === 0 },
    el('summary', {}, el('h3', { style: 'display:inline' }, String(s.title || secName[s.code] || s.code)), ' ', el('span', { className: 'small muted' }, `${[...String(s.text ?? '')].length} 字`)),
    el('div', { className: 'narr' }, String(s.text ?? ''))));
  const warnings = rec.warnings?.length > 0 && el('details', {}, el('summary', {}, `抽取提示（${rec.warnings.length}）`), el('ul', {}, ...rec.warnings.map((w: string) => el('li', {}, String(w)))));

  return [
    el('div', { className: 'grid2' }, meta, downloads),
    el('p', { className: 'small muted' }, '点击任一数字可查看原文中的出处和它是如何确定的。斜纹格 = 报告中为空白（不是 0）。“待定” = 原文数字连写、有多种拆分，未作猜测（点击看候选拆分）。红色 = 该格参与的校验未通过（原数照录，不作更正）。'),
    // A record without a template holds no table (the page was cut off before its tables, or prints only its narrative).
    ...(rec.template ? [
      h2('t2', '二、主动公开政府信息情况'), t2, t2s, extra || null,
      h2('t3', '三、收到和处理政府信息公开申请情况'), t3t,
      h2('t4', '四、政府信息公开行政复议、行政诉讼情况'), t4t,
    ] : [
      h2('t2', '表格'),
      el('p', { id: 'no-tables', className: 'muted' }, '原文未含表格：本报告的文字在表格之前截止，或只有正文。各表数值均为空（不是 0），也不从正文推断；正文与抽取提示见下。'),
    ]),
    provPanel,
    ...findingNodes,
    h2('checks', `校验（${failed.length} 项未通过）`),
    el('p', { className: 'small muted' }, '表格的勾稽关系按模板规定逐项核对，这里只列报告自身的算术；原文数字照录，不作更正。点击一项可在表格中高亮其涉及的单元格。'),
    extraction.length > 0 && el('div', { id: 'extract-notes', className: 'small' },
      el('p', {}, el('strong', {}, `抽取存疑（${rec.ambiguous?.length ?? 0} 格待定，不算校验未通过）：`), '原文把几个格的数字连在一起，按表格的勾稽关系仍有多种拆分；这些格标为“待定”，点击可看候选拆分。'),
      el('p', {}, ...((rec.ambiguous ?? []) as string[]).flatMap((p, i) => [i ? '、' : '', el('button', { type: 'button', className: 'linklike', 'data-cells': JSON.stringify([p]) }, cellName(p))]))),
    scroll(el('table', { id: 'check-list' },
      el('thead', {}, el('tr', {}, ...['结果', '规则', '范围', '算式'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, ...checkRows))),
    h2('years', '同一机关的其他年度'), years,
    el('p', { className: 'small muted' }, `差值为与上一行年度相比（+ 增加，− 减少）。${RATE_DEFS.open}`),
    h2('narrative', '报告正文'), ...narrative, warnings || null,
  ].filter((n): n is Node => n != null && (n as any) !== false);
}
