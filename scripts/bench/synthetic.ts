/**
 * SYNTHETIC reports for benchmarks and tests only: random tables that satisfy both templates' arithmetic,
 * rendered in the real text layouts of data/reports/ (tab-separated like 000*.txt, one cell per line like
 * 001*.txt / 002*.txt, the scraper's flattened dump like pingtan_00*.txt). Every file says it is synthetic
 * in its text and is written only to a folder the caller gives (a temp dir) — never into data/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { T3_ROWS, T4_WIDTH, type TemplateId } from '../template/vocabulary.ts';

export const SYNTHETIC_LABEL = '【合成数据 SYNTHETIC：基准测试随机生成，并非真实报告 — generated for a benchmark, not a real report】';
export type SyntheticLayout = 'tab' | 'cell-per-line' | 'flattened';
export const LAYOUTS: SyntheticLayout[] = ['tab', 'cell-per-line', 'flattened'];

/** The same deterministic PRNG as the tests' generator. */
export { rng } from '../synthetic/tables.ts';
import { rng } from '../synthetic/tables.ts';

export interface SyntheticTables {
  template: TemplateId;
  t2: { regulations: [number, number, number]; normative: [number, number, number]; licensing: number; punishment: number; coercion: number; fees: number };
  /** 2019 template only: [prev, change, decisions] rows, fees [prev, change], procurement [items, amount]. */
  t2_2019?: { licensing: [number, number, number]; other: [number, number, number]; punishment: [number, number, number]; coercion: [number, number, number]; fees: [number, number]; procurement: [number, number] };
  t3: Record<string, number[]>;
  t4: number[];
}

/** Mostly zeros, some small counts: the shape of real reports. */
function count(r: () => number, max = 20): number {
  const x = r();
  return x < 0.7 ? 0 : 1 + Math.floor(r() * max);
}

export function randomTables(r: () => number, template: TemplateId): SyntheticTables {
  const rows = T3_ROWS.filter((row) => row.templates.includes(template) && (template === '2021' ? row.code !== 'other_total' : true));
  const results = rows.filter((row) => row.result);
  const t3: Record<string, number[]> = Object.fromEntries(rows.map((row) => [row.code, Array(7).fill(0)]));
  for (let c = 0; c < 6; c++) {
    const weight = c === 0 ? 1 : 0.3; // natural persons apply most
    let handled = 0;
    for (const row of results) { const v = r() < weight ? count(r, 6) : 0; t3[row.code]![c] = v; handled += v; }
    t3.total![c] = handled;
    const carried = r() < 0.2 ? count(r, 3) : 0;
    let forward = r() < 0.2 ? count(r, 3) : 0;
    let fresh = handled + forward - carried;
    if (fresh < 0) { forward -= fresh; fresh = 0; }
    t3.new![c] = fresh; t3.carried![c] = carried; t3.carry_forward![c] = forward;
  }
  for (const code of Object.keys(t3)) t3[code]![6] = t3[code]!.slice(0, 6).reduce((a, b) => a + b, 0);
  const t4: number[] = [];
  for (let g = 0; g < 3; g++) {
    const four = Array.from({ length: 4 }, () => (r() < 0.85 ? 0 : count(r, 3)));
    t4.push(...four, four.reduce((a, b) => a + b, 0));
  }
  if (t4.length !== T4_WIDTH) throw new Error('t4 width');
  const docs = (): [number, number, number] => { const made = count(r, 5), rep = count(r, 3), valid = made + count(r, 30); return [made, rep, valid]; };
  const t2 = { regulations: docs(), normative: docs(), licensing: count(r, 400), punishment: count(r, 60), coercion: count(r, 10), fees: 0 };
  if (template === '2021') return { template, t2, t3, t4 };
  const row3 = (): [number, number, number] => { const prev = count(r, 50), change = count(r, 9); return [prev, change, prev + change]; };
  const t2_2019 = { licensing: row3(), other: row3(), punishment: row3(), coercion: row3(), fees: [count(r, 5), 0] as [number, number], procurement: [count(r, 5), count(r, 900000)] as [number, number] };
  t2.licensing = t2_2019.licensing[2]; t2.punishment = t2_2019.punishment[2]; t2.coercion = t2_2019.coercion[2];
  return { template, t2, t2_2019, t3, t4 };
}

const T3_LABELS: Record<string, [string, string]> = {
  // [group cell printed before the row label (tab layout), row label]
  new: ['', '一、本年新收政府信息公开申请数量'], carried: ['', '二、上年结转政府信息公开申请数量'],
  granted: ['三、本年度办理结果', '（一）予以公开'], partial: ['', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
  deny_secret: ['（三）不予公开', '1.属于国家秘密'], deny_law: ['', '2.其他法律行政法规禁止公开'], deny_safety: ['', '3.危及“三安全一稳定”'],
  deny_third_party: ['', '4.保护第三方合法权益'], deny_internal: ['', '5.属于三类内部事务信息'], deny_process: ['', '6.属于四类过程性信息'],
  deny_enforcement: ['', '7.属于行政执法案卷'], deny_query: ['', '8.属于行政查询事项'],
  unable_no_info: ['（四）无法提供', '1.本机关不掌握相关政府信息'], unable_needs_creation: ['', '2.没有现成信息需要另行制作'], unable_unclear: ['', '3.补正后申请内容仍不明确'],
  reject_complaint: ['（五）不予处理', '1.信访举报投诉类申请'], reject_repeat: ['', '2.重复申请'], reject_publication: ['', '3.要求提供公开出版物'],
  reject_massive: ['', '4.无正当理由大量反复申请'], reject_confirm: ['', '5.要求行政机关确认或重新出具已获取信息'],
  other_overdue_correction: ['（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  other_overdue_fee: ['', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'], other_other: ['', '3.其他'],
  other_total: ['', '（六）其他处理'], total: ['', '（七）总计'], carry_forward: ['', '四、结转下年度继续办理'],
};

/** Table 二 as printed: [caption, header cells, rows of [label, ...values]]. */
function t2Blocks(t: SyntheticTables): Array<[string, string[], Array<Array<string | number>>]> {
  if (t.template === '2021') {
    return [
      ['第二十条第（一）项', ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], [['规章', ...t.t2.regulations], ['行政规范性文件', ...t.t2.normative]]],
      ['第二十条第（五）项', ['信息内容', '本年处理决定数量'], [['行政许可', t.t2.licensing]]],
      ['第二十条第（六）项', ['信息内容', '本年处理决定数量'], [['行政处罚', t.t2.punishment], ['行政强制', t.t2.coercion]]],
      ['第二十条第（八）项', ['信息内容', '本年收费金额（单位：万元）'], [['行政事业性收费', t.t2.fees]]],
    ];
  }
  const x = t.t2_2019!;
  const pub = (v: [number, number, number]): [number, number, number] => [v[0], v[0], v[2]];
  return [
    ['第二十条第（一）项', ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], [['规章', ...pub(t.t2.regulations)], ['规范性文件', ...pub(t.t2.normative)]]],
    ['第二十条第（五）项', ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], [['行政许可', ...x.licensing], ['其他对外管理服务事项', ...x.other]]],
    ['第二十条第（六）项', ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], [['行政处罚', ...x.punishment], ['行政强制', ...x.coercion]]],
    ['第二十条第（八）项', ['信息内容', '上一年项目数量', '本年增/减'], [['行政事业性收费', ...x.fees]]],
    ['第二十条第（九）项', ['信息内容', '采购项目数量', '采购总金额'], [['政府集中采购', ...x.procurement]]],
  ];
}

const T3_HEAD = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const T4_HEAD_1 = ['行政复议', '行政诉讼'];
const T4_HEAD_2 = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'];
const T4_HEAD_3 = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

export interface SyntheticReport { agency: string; year: number; layout: SyntheticLayout; tables: SyntheticTables }

export function narrative(rep: SyntheticReport): Record<'s1' | 's5' | 's6', string> {
  return {
    s1: `${rep.year}年，${rep.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，本年度主动公开政府信息${rep.tables.t2.licensing + 17}条。${SYNTHETIC_LABEL}`,
    s5: `${rep.year}年，${rep.agency}政府信息公开工作仍存在一些不足，下一步将加强培训。（合成数据）`,
    s6: '本年度没有产生信息公开处理费。（合成数据）',
  };
}

export function render(rep: SyntheticReport): string {
  const t = rep.tables;
  const text = narrative(rep);
  const rows3 = Object.keys(t.t3);
  const title = `${rep.agency}${rep.year}年政府信息公开工作年度报告`;
  if (rep.layout === 'tab') {
    const L: string[] = [title, SYNTHETIC_LABEL, '一、总体情况', text.s1, '二、主动公开政府信息情况'];
    for (const [cap, head, rows] of t2Blocks(t)) { L.push(cap + '\t\t\t', head.join('\t')); for (const r of rows) L.push(r.join('\t')); }
    L.push('三、收到和处理政府信息公开申请情况', `${T3_HEAD}\t\t申请人情况\t\t\t\t\t\t总计`, '\t\t自然人\t法人或其他组织', '\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t');
    for (const code of rows3) {
      const [group, label] = T3_LABELS[code]!;
      L.push(group || code === 'new' || code === 'carried' || code === 'carry_forward' ? `${group || label}\t${group ? label : ''}\t${t.t3[code]!.join('\t')}` : `\t${label}\t${t.t3[code]!.join('\t')}`);
    }
    L.push('四、政府信息公开行政复议、行政诉讼情况', T4_HEAD_1.join('\t\t\t\t\t'), T4_HEAD_2.join('\t'), '\t\t\t\t\t' + T4_HEAD_3.join('\t'), t.t4.join('\t'));
    L.push('五、存在的主要问题及改进情况', text.s5, '六、其他需要报告的事项', text.s6, '');
    return L.join('\n');
  }
  if (rep.layout === 'cell-per-line') {
    const L: string[] = [title, SYNTHETIC_LABEL, '一、总体情况', '', text.s1, '', '二、主动公开政府信息情况', ''];
    const row = (cells: Array<string | number>) => { for (const c of cells) L.push(`\t${c}`); L.push(''); };
    for (const [cap, head, rows] of t2Blocks(t)) { row([cap]); row(head); for (const r of rows) row(r); }
    L.push('', '三、收到和处理政府信息公开申请情况', '');
    row([T3_HEAD, '申请人情况']); row(['', '自然人', '法人或其他组织', '总计']); row(['', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '']);
    for (const code of rows3) {
      const [group, label] = T3_LABELS[code]!;
      row([...(group ? [group] : code === 'new' || code === 'carried' || code === 'carry_forward' ? [] : ['']), label, ...t.t3[code]!]);
    }
    L.push('四、政府信息公开行政复议、行政诉讼情况', '');
    row(T4_HEAD_1); row(T4_HEAD_2); row(T4_HEAD_3); row(t.t4);
    L.push('五、存在的主要问题及改进情况', '', text.s5, '', '六、其他需要报告的事项', '', text.s6, '');
    return L.join('\n');
  }
  // flattened: the crawler's header, then the whole page on one line with cells run together
  const parts: string[] = [`当前位置： 首页政务公开 ${title} ${SYNTHETIC_LABEL} 一、总体情况${text.s1}二、主动公开政府信息情况`];
  for (const [cap, head, rows] of t2Blocks(t)) parts.push(cap + head.join('') + rows.map((r) => r.join('')).join(''));
  parts.push(` 三、收到和处理政府信息公开申请情况 ${T3_HEAD}申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他`);
  for (const code of rows3) { const [group, label] = T3_LABELS[code]!; parts.push(`${group}${label}${t.t3[code]!.join('')}`); }
  parts.push(`四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼${T4_HEAD_2.join('')}${T4_HEAD_3.join('')}${t.t4.join('')} 五、存在的主要问题及改进情况${text.s5}六、其他需要报告的事项${text.s6} ${rep.agency} 来源：合成数据`);
  const published = `${rep.year + 1}-01-${String(10 + (rep.agency.length % 18)).padStart(2, '0')} 10:00`;
  return [
    `标题: ${title}`, `发布时间: ${published}`, '文号: ', `发布机构: ${rep.agency}`, '栏目: 部门文件', '原文链接: https://example.invalid/synthetic',
    `本地目录: synthetic/${title}`, '页面链接与图片详见 links.tsv(同目录)', '==================== 正文 ====================', parts.join(''), '',
  ].join('\n');
}

const PLACES = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
/** Report i of a synthetic corpus (deterministic in seed and i). */
export function syntheticReport(i: number, seed = 1): SyntheticReport {
  const r = rng(seed * 1_000_003 + i);
  const year = 2019 + Math.floor(r() * 6);
  const template: TemplateId = year >= 2021 ? '2021' : '2019';
  const name = String(i).split('').map((d) => PLACES[Number(d)]).join('');
  return { agency: `合成${name}镇人民政府`, year, layout: LAYOUTS[i % LAYOUTS.length]!, tables: randomTables(r, template) };
}

/** Write reports [from, from + n) into dir as synthetic_<i>.txt; returns bytes written. */
export async function writeSyntheticCorpus(dir: string, n: number, opts: { from?: number; seed?: number } = {}): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  const from = opts.from ?? 0;
  for (let i = from; i < from + n; i++) {
    const text = render(syntheticReport(i, opts.seed));
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, `synthetic_${String(i).padStart(6, '0')}.txt`), text);
  }
  return bytes;
}
