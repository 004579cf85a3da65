/**
 * The national templates' table vocabulary, defined once (国办公开办函〔2019〕60号 and 〔2021〕30号).
 * Row and column codes here are the record's keys (docs/report.schema.json), the Parquet column
 * names and the site's labels; nothing else in the project spells them out again.
 */

export type TemplateId = '2019' | '2021';

/** Table 三 applicant columns, in printed order. */
export const T3_COLUMNS = [
  { code: 'natural', zh: '自然人', en: 'Natural persons' },
  { code: 'commercial', zh: '商业企业', en: 'Commercial enterprises' },
  { code: 'research', zh: '科研机构', en: 'Research institutions' },
  { code: 'social', zh: '社会公益组织', en: 'Public-interest organisations' },
  { code: 'legal', zh: '法律服务机构', en: 'Legal service providers' },
  { code: 'other_org', zh: '其他', en: 'Other legal persons / organisations' },
  { code: 'total', zh: '总计', en: 'Total' },
] as const;
export type T3ColumnCode = (typeof T3_COLUMNS)[number]['code'];
export const T3_WIDTH = T3_COLUMNS.length; // 7

export type T3Group = 'intake' | 'granted' | 'partial' | 'deny' | 'unable' | 'reject' | 'other' | 'total' | 'carry';

export interface T3Row {
  code: string;
  zh: string;
  en: string;
  group: T3Group;
  /** The item number printed before a sub-row label ("1." … "8."), if any. */
  item?: number;
  /** Which templates print this row. other_total is the one-row （六） of 2019 (and of some 2021 reports). */
  templates: TemplateId[];
  /** Regular expressions over the *compacted* label (no spaces, half-width punctuation). Typos included on purpose. */
  match: RegExp[];
  /** Counted in （七）总计 (the result rows). */
  result: boolean;
}

const both: TemplateId[] = ['2019', '2021'];

/** Table 三 rows in printed order. */
export const T3_ROWS: T3Row[] = [
  { code: 'new', zh: '一、本年新收政府信息公开申请数量', en: 'New applications this year', group: 'intake', templates: both, result: false, match: [/本年新收/, /新收.{0,6}申请/] },
  { code: 'carried', zh: '二、上年结转政府信息公开申请数量', en: 'Carried over from last year', group: 'intake', templates: both, result: false, match: [/上年结转/, /上年度结转/] },
  { code: 'granted', zh: '（一）予以公开', en: 'Disclosed', group: 'granted', templates: both, result: true, match: [/予以公开/] },
  { code: 'partial', zh: '（二）部分公开', en: 'Partly disclosed', group: 'partial', templates: both, result: true, match: [/部分公开/] },
  { code: 'deny_secret', zh: '1.属于国家秘密', en: 'Refused: state secret', group: 'deny', item: 1, templates: both, result: true, match: [/国家秘密/] },
  { code: 'deny_law', zh: '2.其他法律行政法规禁止公开', en: 'Refused: barred by other laws', group: 'deny', item: 2, templates: both, result: true, match: [/法律.{0,6}(禁止|止)公开/, /其他法律行政/, /法规禁止/] },
  { code: 'deny_safety', zh: '3.危及"三安全一稳定"', en: 'Refused: endangers security/stability', group: 'deny', item: 3, templates: both, result: true, match: [/三安全/, /一稳定/, /危及/] },
  { code: 'deny_third_party', zh: '4.保护第三方合法权益', en: 'Refused: third-party rights', group: 'deny', item: 4, templates: both, result: true, match: [/第三方/] },
  { code: 'deny_internal', zh: '5.属于三类内部事务信息', en: 'Refused: internal affairs', group: 'deny', item: 5, templates: both, result: true, match: [/内部事务/] },
  { code: 'deny_process', zh: '6.属于四类过程性信息', en: 'Refused: process information', group: 'deny', item: 6, templates: both, result: true, match: [/过程性/] },
  { code: 'deny_enforcement', zh: '7.属于行政执法案卷', en: 'Refused: enforcement files', group: 'deny', item: 7, templates: both, result: true, match: [/执法案卷/] },
  { code: 'deny_query', zh: '8.属于行政查询事项', en: 'Refused: administrative query matters', group: 'deny', item: 8, templates: both, result: true, match: [/行政查询/, /查询事项/] },
  { code: 'unable_no_info', zh: '1.本机关不掌握相关政府信息', en: 'Unable: information not held', group: 'unable', item: 1, templates: both, result: true, match: [/不掌握/] },
  { code: 'unable_needs_creation', zh: '2.没有现成信息需要另行制作', en: 'Unable: would need to be created', group: 'unable', item: 2, templates: both, result: true, match: [/没有现成/, /另行制作/] },
  { code: 'unable_unclear', zh: '3.补正后申请内容仍不明确', en: 'Unable: request still unclear', group: 'unable', item: 3, templates: both, result: true, match: [/补正后/, /仍不明确/] },
  { code: 'reject_complaint', zh: '1.信访举报投诉类申请', en: 'Not processed: petitions/complaints', group: 'reject', item: 1, templates: both, result: true, match: [/信访/, /举报投诉/] },
  { code: 'reject_repeat', zh: '2.重复申请', en: 'Not processed: repeated request', group: 'reject', item: 2, templates: both, result: true, match: [/重复申请/] },
  { code: 'reject_publication', zh: '3.要求提供公开出版物', en: 'Not processed: published material', group: 'reject', item: 3, templates: both, result: true, match: [/出版物/] },
  { code: 'reject_massive', zh: '4.无正当理由大量反复申请', en: 'Not processed: massive repeated requests', group: 'reject', item: 4, templates: both, result: true, match: [/大量反复/, /反复申请/] },
  { code: 'reject_confirm', zh: '5.要求行政机关确认或重新出具已获取信息', en: 'Not processed: confirm/reissue obtained info', group: 'reject', item: 5, templates: both, result: true, match: [/确认或重新出具/, /重新出具/, /已获取信息/] },
  { code: 'other_overdue_correction', zh: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', en: 'Other: applicant did not correct in time', group: 'other', item: 1, templates: ['2021'], result: true, match: [/逾期不补正/, /不补正/] },
  { code: 'other_overdue_fee', zh: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', en: 'Other: applicant did not pay fee in time', group: 'other', item: 2, templates: ['2021'], result: true, match: [/缴纳费用/, /收费通知/] },
  { code: 'other_other', zh: '3.其他', en: 'Other: other', group: 'other', item: 3, templates: ['2021'], result: true, match: [/^3[.、]?其他$/, /^其他$/] },
  { code: 'other_total', zh: '（六）其他处理', en: 'Otherwise handled (one row)', group: 'other', templates: both, result: true, match: [/其他处理/] },
  { code: 'total', zh: '（七）总计', en: 'Total handled', group: 'total', templates: both, result: false, match: [/总计/] },
  { code: 'carry_forward', zh: '四、结转下年度继续办理', en: 'Carried forward to next year', group: 'carry', templates: both, result: false, match: [/结转下年/, /下年度继续/] },
];

export const T3_ROW_CODES = T3_ROWS.map((r) => r.code);
export const T3_ROW = Object.fromEntries(T3_ROWS.map((r) => [r.code, r])) as Record<string, T3Row>;
/** （六） printed as three sub-rows (2021) vs one row. */
export const T3_OTHER_SPLIT = ['other_overdue_correction', 'other_overdue_fee', 'other_other'] as const;

/** Table 四: 15 cells in printed order. */
export const T4_GROUPS = [
  { code: 'review', zh: '行政复议', en: 'Administrative review' },
  { code: 'suit_direct', zh: '行政诉讼·未经复议直接起诉', en: 'Lawsuit, filed directly' },
  { code: 'suit_after_review', zh: '行政诉讼·复议后起诉', en: 'Lawsuit, after review' },
] as const;
export const T4_OUTCOMES = [
  { code: 'upheld', zh: '结果维持', en: 'Upheld' },
  { code: 'corrected', zh: '结果纠正', en: 'Corrected' },
  { code: 'other', zh: '其他结果', en: 'Other outcome' },
  { code: 'pending', zh: '尚未审结', en: 'Pending' },
  { code: 'total', zh: '总计', en: 'Total' },
] as const;
export const T4_CELLS = T4_GROUPS.flatMap((g) => T4_OUTCOMES.map((o) => ({
  code: `${g.code}_${o.code}`, group: g.code, outcome: o.code, zh: `${g.zh}·${o.zh}`, en: `${g.en}: ${o.en}`,
})));
export const T4_WIDTH = 15;

/** Table 二 (mapped onto the 2021 layout; see docs/report.schema.json). */
export const T2_DOC_KINDS = [
  { code: 'regulations', zh: '规章', en: 'Regulations (规章)', match: [/^规章$/, /^规章/] },
  { code: 'normative', zh: '行政规范性文件', en: 'Normative documents', match: [/规范性文件/] },
] as const;
export const T2_DOC_FIELDS = [
  { code: 'made', zh: '本年制发件数', zh2019: '本年新制作数量', en: 'Issued this year' },
  { code: 'repealed', zh: '本年废止件数', zh2019: null, en: 'Repealed this year' },
  { code: 'valid', zh: '现行有效件数', zh2019: null, en: 'In force' },
] as const;
export const T2_SINGLE = [
  { code: 'licensing', zh: '行政许可', en: 'Administrative licensing decisions', match: [/行政许可/] },
  { code: 'punishment', zh: '行政处罚', en: 'Administrative penalty decisions', match: [/行政处罚/] },
  { code: 'coercion', zh: '行政强制', en: 'Administrative coercion decisions', match: [/行政强制/] },
  { code: 'fees', zh: '行政事业性收费（万元）', en: 'Administrative fees collected (10k yuan)', match: [/事业性收费/, /行政收费/] },
] as const;

/** 2019-only table 二 rows: which extra keys each fills (t2_extra), in printed column order. */
export const T2_2019_ROWS = [
  { code: 'regulations', match: [/^规章/], cols: ['made', 'regulations_new_published', 'regulations_total_published'] },
  { code: 'normative', match: [/规范性文件/], cols: ['made', 'normative_new_published', 'normative_total_published'] },
  { code: 'licensing', match: [/行政许可/], cols: ['licensing_prev_year_items', 'licensing_change', 'licensing_decisions'] },
  { code: 'other_mgmt_services', match: [/其他对外管理服务/, /对外管理服务事项/], cols: ['other_mgmt_services_prev_year_items', 'other_mgmt_services_change', 'other_mgmt_services_decisions'] },
  { code: 'punishment', match: [/行政处罚/], cols: ['punishment_prev_year_items', 'punishment_change', 'punishment_decisions'] },
  { code: 'coercion', match: [/行政强制/], cols: ['coercion_prev_year_items', 'coercion_change', 'coercion_decisions'] },
  { code: 'fees', match: [/事业性收费/, /行政收费/], cols: ['fees_prev_year_items', 'fees_change'] },
  { code: 'procurement', match: [/集中采购/, /政府采购/], cols: ['procurement_items', 'procurement_total_amount'] },
] as const;

/** Names of the 2019 table 二 rows and columns, for the labels of `t2_extra` keys (row code + column suffix). */
const T2_2019_ROW_NAMES: Record<string, [string, string]> = {
  regulations: ['规章', 'Regulations'], normative: ['规范性文件', 'Normative documents'], licensing: ['行政许可', 'Administrative licensing'],
  other_mgmt_services: ['其他对外管理服务事项', 'Other external management services'], punishment: ['行政处罚', 'Administrative penalties'],
  coercion: ['行政强制', 'Administrative coercion'], fees: ['行政事业性收费', 'Administrative fees'], procurement: ['政府集中采购', 'Government procurement'],
};
const T2_2019_COL_NAMES: Record<string, [string, string]> = {
  new_published: ['本年新公开数量', 'newly published this year'], total_published: ['对外公开总数量', 'total published'],
  prev_year_items: ['上一年项目数量', 'items in the previous year'], change: ['本年增/减', 'change this year'], decisions: ['处理决定数量', 'decisions'],
  items: ['采购项目数量', 'procurement items'], total_amount: ['采购总金额', 'total amount'], amount_unit: ['采购总金额单位', 'unit of the total amount'],
  run_as_stated: ['原文（未能拆分的数字串）', 'printed run (not split)'],
};

/** Chinese (and English) label of a 2019-template `t2_extra` key, e.g. licensing_prev_year_items → 行政许可·上一年项目数量. */
export function t2ExtraLabel(key: string): { zh: string; en: string } {
  const asStated = key.endsWith('_as_stated') && !key.endsWith('_run_as_stated');
  const k = asStated ? key.slice(0, -'_as_stated'.length) : key;
  const row = Object.keys(T2_2019_ROW_NAMES).find((r) => k.startsWith(`${r}_`));
  const col = row ? T2_2019_COL_NAMES[k.slice(row.length + 1)] : undefined;
  if (!row || !col) return { zh: key, en: key.replace(/_/g, ' ') };
  const [rz, re] = T2_2019_ROW_NAMES[row]!;
  return { zh: `${rz}·${col[0]}${asStated ? '（原文写法）' : ''}`, en: `${re}: ${col[1]}${asStated ? ' (as printed)' : ''}` };
}

/** Narrative sections, by the template's heading numbers. */
export const SECTIONS = [
  { code: 's1', num: '一', zh: '总体情况', en: 'Overview', match: /总体情况/ },
  { code: 's2', num: '二', zh: '主动公开政府信息情况', en: 'Proactive disclosure', match: /主动公开政府信息情况/ },
  { code: 's3', num: '三', zh: '收到和处理政府信息公开申请情况', en: 'Applications received and handled', match: /收到和处理政府信息公开申请/ },
  { code: 's4', num: '四', zh: '政府信息公开行政复议、行政诉讼情况', en: 'Reviews and lawsuits', match: /行政复议.{0,3}行政诉讼/ },
  { code: 's5', num: '五', zh: '存在的主要问题及改进情况', en: 'Problems and improvements', match: /存在的主要问题/ },
  { code: 's6', num: '六', zh: '其他需要报告的事项', en: 'Other matters', match: /其他需要报告的事项/ },
] as const;
export type SectionCode = (typeof SECTIONS)[number]['code'];

/** Administrative levels, most specific suffix first (see extract/metadata.ts). */
export const LEVELS = [
  { code: 'township', zh: '乡镇/街道', en: 'Township / subdistrict' },
  { code: 'county', zh: '县/区', en: 'County / district' },
  { code: 'city', zh: '市/州', en: 'Prefecture / city' },
  { code: 'province', zh: '省/自治区/直辖市', en: 'Province' },
  { code: 'department', zh: '部门', en: 'Department (局/委/办…)' },
  { code: 'unknown', zh: '未识别', en: 'Unknown' },
] as const;
export type LevelCode = (typeof LEVELS)[number]['code'];
