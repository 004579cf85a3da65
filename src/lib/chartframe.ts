/**
 * The chart frame built on the client (chart builder, compare, agency page): the same markup as components/ChartFrame.astro
 * renders at build time — title and subtitle, tabs 图表 / 数据表 / 来源, the source line, downloads and the
 * share panel. ui.ts wires it.
 */
import { el } from './dom.ts';
import { siteBase, wireFrame } from './ui.ts';

export interface FrameSpec {
  id: string; title: string; subtitle?: string; chart: Element;
  /** the data table twin: text, or nodes (a number linking to its report's cell) */
  columns: string[]; rows: Array<Array<Node | string>>;
  /** definitions and caveats, shown under 来源 */
  note?: string;
  /** embed page path (relative to the site base) and its query; no share/embed code without it */
  embed?: string; embedQuery?: string;
  mode: 'page' | 'embed';
  /** in an embed: the page the "open" link goes to */
  openHref?: string;
}

export function buildFrame(f: FrameSpec): HTMLElement {
  const base = siteBase();
  const pid = (p: string) => `${f.id}-${p}`;
  const fig = el('figure', { className: 'chart', dataset: { chart: f.id, title: f.title, ...(f.subtitle ? { subtitle: f.subtitle } : {}), ...(f.embed ? { embed: base + f.embed, embedQuery: f.embedQuery ?? '' } : {}) } });
  const table = el('table', { dataset: { twin: '' } });
  const hr = table.createTHead().insertRow();
  for (const c of f.columns) hr.append(el('th', { scope: 'col' }, c));
  const tb = table.createTBody();
  for (const r of f.rows) { const tr = tb.insertRow(); r.forEach((v, i) => tr.append(i === 0 ? el('th', { scope: 'row' }, v) : el('td', { className: 'num' }, v))); }
  const tab = (name: string, label: string, on: boolean) => el('button', { type: 'button', role: 'tab', id: pid(`tab-${name}`), 'aria-controls': pid(name), 'aria-selected': String(on), tabindex: on ? '0' : '-1', dataset: { tab: name } }, label);
  const panel = (name: string, ...kids: Array<Node | string | null | false>) => el('div', { role: 'tabpanel', id: pid(name), 'aria-labelledby': pid(`tab-${name}`), className: name === 'chart' ? 'chart-body' : 'tab-panel', dataset: { panel: name }, hidden: name !== 'chart' }, ...kids);
  fig.append(
    el('figcaption', {}, el('span', { className: 'chart-title' }, f.title), f.subtitle ? el('span', { className: 'chart-subtitle' }, f.subtitle) : null),
    el('div', { className: 'tabs', role: 'tablist', 'aria-label': `${f.title}：视图` }, tab('chart', '图表', true), tab('table', '数据表', false), tab('sources', '来源', false)),
    panel('chart', f.chart),
    panel('table', el('div', { className: 'scroll' }, table)),
    panel('sources',
      el('p', { className: 'small', dataset: { source: '' } }),
      f.note ? el('p', { className: 'small' }, f.note) : null,
      el('p', { className: 'small muted' }, '数字按各机关《政府信息公开工作年度报告》原文照录；空白即未填报，不计为 0。', el('a', { href: `${base}data/` }, '数据下载与引用说明'))),
    el('p', { className: 'source', dataset: { source: '' } }),
  );
  if (f.mode === 'embed') {
    if (f.openHref) fig.append(el('a', { className: 'small', href: f.openHref, target: '_blank', rel: 'noopener' }, '在信息公开年报数据台中打开'));
    wireFrame(fig);
    return fig;
  }
  fig.append(
    el('div', { className: 'toolbar', role: 'group', 'aria-label': `${f.title}：下载与分享` },
      el('span', { className: 'muted' }, '下载：'),
      el('button', { type: 'button', dataset: { dl: 'png' } }, 'PNG'),
      el('button', { type: 'button', dataset: { dl: 'svg' } }, 'SVG'),
      el('button', { type: 'button', dataset: { dl: 'csv' } }, 'CSV'),
      el('button', { type: 'button', dataset: { embedToggle: '' }, 'aria-expanded': 'false', 'aria-controls': pid('share') }, '分享与嵌入')),
    sharePanel(pid('share'), !!f.embed),
  );
  wireFrame(fig);
  return fig;
}

/** Link and embed code with copy buttons, the editable alt text and the export theme. */
function sharePanel(id: string, embed: boolean): HTMLElement {
  return el('div', { className: 'share-panel embed-snippet', id, hidden: true },
    el('label', { className: 'small' }, '链接', el('input', { type: 'text', readonly: '', dataset: { shareLink: '' } })),
    el('button', { type: 'button', dataset: { copy: 'link', copyName: '链接' } }, '复制链接'),
    embed ? el('label', { className: 'small' }, '嵌入代码（粘贴到网页 HTML 中）', el('textarea', { className: 'snippet', rows: '4', readonly: '' })) : null,
    embed ? el('button', { type: 'button', dataset: { copy: 'embed', copyName: '嵌入代码' } }, '复制嵌入代码') : null,
    el('label', { className: 'small' }, '替代文字（导出的图片带上这段说明，可修改）', el('textarea', { rows: '3', dataset: { alt: '' } })),
    el('button', { type: 'button', dataset: { copy: 'alt', copyName: '替代文字' } }, '复制替代文字'),
    el('label', { className: 'small check' }, el('input', { type: 'checkbox', dataset: { exportDark: '' } }), ' 导出深色图片（默认浅色）'),
    el('p', { className: 'small muted', 'aria-live': 'polite', dataset: { copyStatus: '' } }),
  );
}
