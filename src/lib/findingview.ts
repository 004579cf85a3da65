/**
 * One finding, explained — the single markup of a finding, wherever it is shown: the findings page prerenders it
 * (toHtml, Finding.astro) and builds more of it in the browser (toDom), the report page builds its own findings
 * (toDom). The rule in a sentence, the finding's message, its evidence side by side (what the narrative says | what
 * the table cell says | the other report's passage), each span linking to the report page's source view.
 * Text only: a report's text goes into text nodes or escaped attribute values, never into markup.
 */
import { RULE_BY_ID } from '../../scripts/findings/rules.ts';
import { cellName } from './trace.ts';
import { reportHref } from './links.ts';

/** A finding as the tables hold it (findings, findings_by_rule: agency and year joined in). */
export interface FindingRow {
  report_id: string; rule: string; severity: string; score?: number | string | null; message?: string | null;
  evidence?: string | null; other_report_id?: string | null; agency?: string | null; year?: number | string | null;
}
export interface Evidence { kind: string; report_id: string; line: number; start: number; end: number; text: string; cell?: string }

/** An element (tag, attributes, children) or a text; attributes and texts are plain strings, escaped on output. */
export type VNode = string | { tag: string; attrs: Record<string, string>; kids: VNode[] };
const h = (tag: string, attrs: Record<string, string | null | undefined | false>, ...kids: Array<VNode | null | undefined | false>): VNode => ({
  tag,
  attrs: Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string] => typeof e[1] === 'string')),
  kids: kids.filter((k): k is VNode => k != null && k !== false),
});

export const SEVERITY_ZH: Record<string, string> = { high: '重要', warn: '提示', info: '信息' };
const KIND: Record<string, string> = { narrative: '正文', cell: '表格', other_report: '另一份报告' };

export function evidenceOf(f: FindingRow): Evidence[] {
  try { const e = JSON.parse(f.evidence ?? '[]'); return Array.isArray(e) ? e : []; } catch { return []; }
}
/** A span of evidence as one line of text, 1-based line as the page shows it (the CSV's evidence column). */
export function evidenceLine(e: Evidence): string {
  return `${KIND[e.kind] ?? e.kind}${e.line >= 0 ? ` 第${e.line + 1}行` : ''}：${e.text}`;
}
const str = (v: unknown) => (v == null ? '' : String(v));

/** The finding's markup. `showReport`: the report's name links to it (not on the report's own page). */
export function findingTree(base: string, f: FindingRow, showReport = true): VNode {
  const rule = RULE_BY_ID[f.rule];
  const evidence = evidenceOf(f);
  const link = (e: Evidence) => reportHref(base, e.report_id, e.cell ? `#cell=${encodeURIComponent(e.cell)}` : '#narrative');
  return h('article', {
    class: `finding sev-${f.severity}`, 'data-rule': str(f.rule), 'data-severity': str(f.severity), 'data-report': str(f.report_id),
    'data-agency': str(f.agency), 'data-year': str(f.year), 'data-score': str(f.score), 'data-other': str(f.other_report_id),
  },
  h('header', {},
    h('span', { class: 'badge' }, SEVERITY_ZH[f.severity] ?? str(f.severity)),
    h('strong', {}, rule?.title_zh ?? str(f.rule)),
    showReport && h('a', { href: reportHref(base, f.report_id) }, `${f.agency ?? f.report_id} ${f.year ?? ''}`),
    h('code', { class: 'small' }, str(f.rule))),
  h('p', { 'data-message': '' }, str(f.message)),
  evidence.length > 0 && h('div', { class: 'evidence' }, ...evidence.map((e) => h('figure', {},
    h('figcaption', {}, `${KIND[e.kind] ?? e.kind}${e.cell ? ` · ${cellName(e.cell)}` : ''}${e.line >= 0 ? ` · 第 ${e.line + 1} 行` : ''}`),
    h('blockquote', { 'data-evidence': evidenceLine(e) }, h('a', { href: link(e) }, str(e.text)))))),
  f.other_report_id && h('p', { class: 'small' }, h('a', { href: `${base}compare/?ids=${f.report_id},${f.other_report_id}` }, '与相关报告对比 →')),
  rule && h('details', { class: 'small' }, h('summary', {}, '这条规则是什么意思'), h('p', {}, rule.zh), h('p', { lang: 'en' }, rule.en)));
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);
/** The markup as HTML (prerendering): every text and attribute value escaped. */
export function toHtml(n: VNode): string {
  if (typeof n === 'string') return esc(n);
  const attrs = Object.entries(n.attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  return `<${n.tag}${attrs}>${n.kids.map(toHtml).join('')}</${n.tag}>`;
}
/** The markup as DOM nodes (in the browser): texts as text nodes, attributes set as values. */
export function toDom(n: VNode): Node {
  if (typeof n === 'string') return document.createTextNode(n);
  const e = document.createElement(n.tag);
  for (const [k, v] of Object.entries(n.attrs)) e.setAttribute(k, v);
  for (const k of n.kids) e.append(toDom(k));
  return e;
}

/** The findings CSV's rows (header first): one row per finding, evidence as text with 1-based lines. */
export const FINDINGS_CSV_HEAD = ['report_id', 'agency', 'year', 'rule', 'rule_zh', 'severity', 'score', 'message', 'evidence', 'other_report_id'];
export function findingCsvRow(f: FindingRow): string[] {
  return [str(f.report_id), str(f.agency), str(f.year), str(f.rule), RULE_BY_ID[f.rule]?.title_zh ?? str(f.rule), str(f.severity), str(f.score),
    str(f.message), evidenceOf(f).map(evidenceLine).join('\n'), str(f.other_report_id)];
}
