/**
 * A chart frame built in the browser, the same markup as components/ChartFrame.astro (title, chart, source
 * line, 嵌入/下载 toolbar, data-table twin) so ui.ts wires PNG/SVG/CSV and the iframe snippet. Embedded pages
 * get no toolbar, and a link back to the full page instead.
 */
import { el } from './dom.ts';
import { wireFrame } from './ui.ts';

export type TwinValue = Node | string;
export interface FrameOptions {
  id: string; title: string; chart: Element; columns: string[]; rows: TwinValue[][];
  /** chrome-free page (no toolbar) */ embed?: boolean;
  /** embed page path (absolute, with the site base) and its query, for the iframe snippet */ embedPath?: string; embedQuery?: string;
  /** in an embed: the full page to open */ openHref?: string;
  note?: string; tableOpen?: boolean;
}

export function chartFrame(o: FrameOptions): HTMLElement {
  const fig = el('figure', { className: 'chart', dataset: { chart: o.id, title: o.title, ...(o.embedPath ? { embed: o.embedPath, embedQuery: o.embedQuery ?? '' } : {}) } });
  const table = el('table', { dataset: { twin: '' } },
    el('thead', {}, el('tr', {}, ...o.columns.map((c) => el('th', { scope: 'col' }, c)))),
    el('tbody', {}, ...o.rows.map((r) => el('tr', {}, ...r.map((v, i) => (i === 0 ? el('th', { scope: 'row' }, v) : el('td', { className: 'num' }, v)))))));
  fig.append(el('figcaption', {}, o.title), el('div', { className: 'chart-body' }, o.chart));
  if (o.note) fig.append(el('p', { className: 'small muted' }, o.note));
  fig.append(el('p', { className: 'source', dataset: { source: '' } }));
  if (!o.embed) {
    const bar = el('div', { className: 'toolbar', role: 'group', 'aria-label': `${o.title}：嵌入与下载` }, el('span', { className: 'muted' }, '嵌入/下载：'),
      ...[['png', 'PNG'], ['svg', 'SVG'], ['csv', 'CSV']].map(([k, t]) => el('button', { type: 'button', dataset: { dl: k } }, t)));
    fig.append(bar);
    if (o.embedPath) {
      bar.append(el('button', { type: 'button', 'data-embed-toggle': '', 'aria-expanded': 'false' }, '嵌入代码'));
      fig.append(el('div', { className: 'embed-snippet', hidden: true }, el('label', { className: 'small' }, '复制以下代码嵌入网页：', el('textarea', { className: 'snippet', rows: 4, readonly: '' }))));
    }
  } else if (o.openHref) fig.append(el('a', { className: 'small', href: o.openHref, target: '_blank', rel: 'noopener' }, '在信息公开年报数据台中打开'));
  fig.append(el('details', { className: 'twin', open: o.tableOpen ?? true }, el('summary', {}, '数据表'), el('div', { className: 'scroll' }, table)));
  wireFrame(fig);
  return fig;
}
