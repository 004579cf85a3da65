/**
 * SYNTHETIC reports: render tables (tables.ts) and prose (prose.ts) into the text layouts real reports arrive
 * in, and into Word-style HTML. Every rendering carries a 合成测试报告 (synthetic) label in its title; a
 * corpus (corpus.ts) adds a SYNTHETIC line under the title and may wrap text in a scraper's page dump.
 */
import { T3_ROW } from '../template/vocabulary.ts';
import type { Cell } from '../template/record.ts';
import type { SyntheticTables } from './tables.ts';

export type TextLayout = 'tab' | 'cell-per-line' | 'aligned' | 'token-per-line' | 'flattened';
export const TEXT_LAYOUTS: TextLayout[] = ['tab', 'cell-per-line', 'aligned', 'token-per-line', 'flattened'];

interface Row { label: string; cells: string[] }
interface Table { header: string[]; rows: Row[] }

const s = (v: Cell | string | undefined): string => (v === null || v === undefined ? '' : String(v));
const signed = (v: Cell | string | null | undefined): string => (typeof v === 'number' && v > 0 ? `+${v}` : s(v));

/** The report as labelled rows, in printed order (labels as the template prints them). */
function tablesOf(t: SyntheticTables): { t2: Table[]; t3: Table; t4: Table } {
  const e = t.t2_extra ?? {};
  const t2: Table[] = t.template === '2021'
    ? [
        { header: ['第二十条第（一）项', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], rows: [
          { label: '规章', cells: [s(t.t2.regulations.made), s(t.t2.regulations.repealed), s(t.t2.regulations.valid)] },
          { label: '行政规范性文件', cells: [s(t.t2.normative.made), s(t.t2.normative.repealed), s(t.t2.normative.valid)] }] },
        { header: ['第二十条第（五）项', '信息内容', '本年处理决定数量'], rows: [{ label: '行政许可', cells: [s(t.t2.licensing)] }] },
        { header: ['第二十条第（六）项', '信息内容', '本年处理决定数量'], rows: [{ label: '行政处罚', cells: [s(t.t2.punishment)] }, { label: '行政强制', cells: [s(t.t2.coercion)] }] },
        { header: ['第二十条第（八）项', '信息内容', '本年收费金额（单位：万元）'], rows: [{ label: '行政事业性收费', cells: [s(t.t2.fees)] }] },
      ]
    : [
        { header: ['第二十条第（一）项', '信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], rows: [
          { label: '规章', cells: [s(t.t2.regulations.made), s(e.regulations_new_published), s(e.regulations_total_published)] },
          { label: '规范性文件', cells: [s(t.t2.normative.made), s(e.normative_new_published), s(e.normative_total_published)] }] },
        { header: ['第二十条第（五）项', '信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: [
          { label: '行政许可', cells: [s(e.licensing_prev_year_items), signed(e.licensing_change), s(e.licensing_decisions)] },
          { label: '其他对外管理服务事项', cells: [s(e.other_mgmt_services_prev_year_items), signed(e.other_mgmt_services_change), s(e.other_mgmt_services_decisions)] }] },
        { header: ['第二十条第（六）项', '信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: [
          { label: '行政处罚', cells: [s(e.punishment_prev_year_items), signed(e.punishment_change), s(e.punishment_decisions)] },
          { label: '行政强制', cells: [s(e.coercion_prev_year_items), signed(e.coercion_change), s(e.coercion_decisions)] }] },
        { header: ['第二十条第（八）项', '信息内容', '上一年项目数量', '本年增/减'], rows: [
          { label: '行政事业性收费', cells: [s(e.fees_prev_year_items), signed(e.fees_change)] }] },
        { header: ['第二十条第（九）项', '信息内容', '采购项目数量', '采购总金额'], rows: [
          { label: '政府集中采购', cells: [s(e.procurement_items), `${s(e.procurement_total_amount)}万元`] }] },
      ];
  const t3: Table = {
    header: ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况', '自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
    rows: Object.entries(t.t3).map(([code, cells]) => ({ label: printedLabel(code), cells: cells.map(s) })),
  };
  const t4: Table = {
    header: ['行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉', ...Array(2).fill(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat()],
    rows: [{ label: '', cells: t.t4.map(s) }],
  };
  return { t2, t3, t4 };
}

function printedLabel(code: string): string {
  const groups: Record<string, string> = { granted: '三、本年度办理结果', deny_secret: '（三）不予公开', unable_no_info: '（四）无法提供', reject_complaint: '（五）不予处理', other_overdue_correction: '（六）其他处理' };
  const zh = T3_ROW[code]!.zh.replace('"', '“').replace('"', '”');
  return (groups[code] ? groups[code] + ' ' : '') + zh;
}

/** The narrative sections 一、五、六 (s1, s5, s6), each one paragraph without line breaks. */
export interface Prose { s1: string; s5: string; s6: string }

export interface RenderOptions {
  agency?: string;
  year?: number;
  /** Narrative sections; default a one-sentence placeholder that says it is synthetic. */
  prose?: Prose;
  /** A line printed under the title (outside every section), e.g. corpus.ts's SYNTHETIC_LABEL. */
  label?: string;
  /** Text layouts only: wrap the report in a scraper's page dump (标题/发布时间/… header lines, then 正文), as data/reports/pingtan_*.txt. */
  dump?: { published: string; url: string };
}

function narrative(t: SyntheticTables, o: RenderOptions): Prose & { title: string; agency: string; year: number } {
  const agency = o.agency ?? '合成镇人民政府';
  const year = o.year ?? 2023;
  return {
    agency, year,
    title: `${agency}${year}年政府信息公开工作年度报告（合成测试报告 synthetic）`,
    ...(o.prose ?? {
      s1: `${year}年，${agency}认真贯彻落实《中华人民共和国政府信息公开条例》。本报告为自动生成的合成测试数据（synthetic），不是真实报告。`,
      s5: '存在的问题：公开内容还不够丰富。改进措施：进一步加强培训。',
      s6: `本年度未收取信息处理费。模板：${t.template}。`,
    }),
  };
}

/** Render one synthetic report as text in `layout`. */
export function renderText(t: SyntheticTables, layout: TextLayout, opts: RenderOptions = {}): string {
  const tb = tablesOf(t);
  const n = narrative(t, opts);
  const { agency, year } = n;
  const sect = (num: string, title: string, body: string) => `${num}、${title}\n${body}\n`;
  const t2 = tb.t2.map((tab) => table(tab, layout)).join(layout === 'flattened' ? '' : '\n');
  const parts = [
    n.title, '', ...(opts.label ? [opts.label, ''] : []),
    sect('一', '总体情况', n.s1),
    sect('二', '主动公开政府信息情况', t2),
    sect('三', '收到和处理政府信息公开申请情况', table(tb.t3, layout)),
    sect('四', '政府信息公开行政复议、行政诉讼情况', table(tb.t4, layout)),
    sect('五', '存在的主要问题及改进情况', n.s5),
    sect('六', '其他需要报告的事项', n.s6),
    agency, `${year + 1}年1月15日`,
  ];
  const body = layout === 'flattened' ? parts.join('').replace(/\n/g, '') : parts.join('\n');
  if (!opts.dump) return body;
  const title = n.title;
  return [
    `标题: ${title}`, `发布时间: ${opts.dump.published}`, '文号: ', `发布机构: ${agency}`, '栏目: 政府信息公开年报', `原文链接: ${opts.dump.url}`,
    `本地目录: synthetic/${title}`, '页面链接与图片详见 links.tsv(同目录)', '==================== 正文 ====================',
    layout === 'flattened' ? `当前位置： 首页政务公开 ${body} 来源：合成数据` : body, '',
  ].join('\n');
}

function table(tab: Table, layout: TextLayout): string {
  switch (layout) {
    case 'tab':
      return [tab.header.join('\t'), ...tab.rows.map((r) => (r.label ? [r.label, ...r.cells] : r.cells).join('\t'))].join('\n');
    case 'cell-per-line':
      return [...tab.header, ...tab.rows.flatMap((r) => [r.label, ...r.cells].filter((c, i) => i > 0 || c))].map((c) => `\t${c} `).join('\n').replace(/\t \n/g, '\t\n');
    case 'token-per-line': {
      // pdftotext without -layout: label fragments of 7 characters, every token on its own line.
      const wrap = (l: string) => l.match(/.{1,7}/gu) ?? [];
      return [...tab.header.flatMap(wrap), ...tab.rows.flatMap((r) => [...wrap(r.label), ...r.cells.map((c) => c || '')])].filter((x) => x !== '').join('\n\n');
    }
    case 'aligned': {
      // pdftotext -layout: labels wrapped at 10 characters, values on the label's middle line.
      const lines: string[] = [tab.header.join('    ')];
      for (const r of tab.rows) {
        if (!r.label) { lines.push(r.cells.map((v) => v.padStart(5)).join('   ')); continue; }
        const chunks = r.label.match(/.{1,10}/gu) ?? [''];
        const mid = Math.floor((chunks.length - 1) / 2);
        chunks.forEach((c, i) => lines.push(i === mid ? `${pad(c, 24)}${r.cells.map((v) => v.padStart(7)).join('   ')}` : c));
      }
      return lines.filter((l, i) => i === 0 || l !== '').join('\n');
    }
    case 'flattened':
      return [...tab.header, ...tab.rows.flatMap((r) => [r.label, ...r.cells])].join('');
  }
}

function pad(label: string, width: number): string {
  const w = [...label].reduce((n, ch) => n + (/[\u3000-\uffff]/.test(ch) ? 2 : 1), 0);
  return label + ' '.repeat(Math.max(2, width - w));
}

const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Word-style HTML (mso classes, <o:p>, &nbsp; for blank cells, a number split by <span>s). */
export function renderHtml(t: SyntheticTables, opts: Omit<RenderOptions, 'dump'> = {}): string {
  const tb = tablesOf(t);
  const n = narrative(t, opts);
  const { agency, year } = n;
  const cell = (v: string, i: number) => {
    if (v === '') return '<td class="xl65"><p class=MsoNormal>&nbsp;<o:p></o:p></p></td>';
    // Split multi-digit numbers across spans as Word does after an edit.
    const body = v.length > 1 && i % 2 === 0 ? `<span lang=EN-US>${esc(v.slice(0, 1))}</span><span style='mso-bidi-font-size:10.5pt'>${esc(v.slice(1))}</span>` : `<span lang=EN-US>${esc(v)}</span>`;
    return `<td class="xl66"><p class=MsoNormal align=center>${body}<o:p></o:p></p></td>`;
  };
  const table = (tab: Table) => `<table class=MsoTableGrid border=1 cellspacing=0>
<tr>${tab.header.map((h) => `<td><p class=MsoNormal>${esc(h)}</p></td>`).join('')}</tr>
${tab.rows.map((r) => `<tr>${r.label ? `<td><p class=MsoNormal>${esc(r.label)}</p></td>` : ''}${r.cells.map(cell).join('')}</tr>`).join('\n')}
</table>`;
  return `<!DOCTYPE html><html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"><title>${esc(n.title)}</title></head><body>
<div class=WordSection1>
<p class=MsoTitle>${esc(n.title)}</p>${opts.label ? `\n<p class=MsoNormal>${esc(opts.label)}</p>` : ''}
<p class=MsoNormal>一、总体情况</p><p class=MsoNormal>${esc(n.s1)}</p>
<p class=MsoNormal>二、主动公开政府信息情况</p>${tb.t2.map(table).join('\n')}
<p class=MsoNormal>三、收到和处理政府信息公开申请情况</p>${table(tb.t3)}
<p class=MsoNormal>四、政府信息公开行政复议、行政诉讼情况</p>${table(tb.t4)}
<p class=MsoNormal>五、存在的主要问题及改进情况</p><p class=MsoNormal>${esc(n.s5)}</p>
<p class=MsoNormal>六、其他需要报告的事项</p><p class=MsoNormal>${esc(n.s6)}</p>
<p class=MsoNormal align=right>${esc(agency)}</p><p class=MsoNormal align=right>${year + 1}年1月15日</p>
</div></body></html>`;
}

