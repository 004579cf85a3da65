/**
 * The findings' rule catalogue: id → what it means, in Chinese and English. The corpus build writes these ids
 * into findings.parquet (column rule); the site shows the explanations. Keep ids stable.
 */
import type { Severity } from './types.ts';

export interface RuleInfo {
  id: string;
  group: 'narrative' | 'copypaste' | 'outlier';
  /** Severity the rule usually carries (some rules grade individual findings). */
  severity: Severity;
  title_zh: string;
  title_en: string;
  zh: string;
  en: string;
}

export const RULES: readonly RuleInfo[] = [
  {
    id: 'narrative.figure_mismatch', group: 'narrative', severity: 'high',
    title_zh: '正文数字与表格不符', title_en: 'Narrative figure contradicts the table',
    zh: '报告正文写明的某个数字（如“全年共受理政府信息公开申请3119件”“上年结转34件”“行政复议351件”“现行有效行政规范性文件393件”）与表格中对应的单元格不一致。只比较确切数字：带“约、余、多、近”或区间的数字、其他年份的数字、同比增减、主动公开的分类条数都不比较；措辞可能指多个单元格时（如“受理”可指新收或新收加上年结转），只要与其中一个相符就不报告。',
    en: 'A figure stated in the prose ("全年共受理政府信息公开申请3119件", "上年结转34件", "行政复议351件", "现行有效行政规范性文件393件") differs from the table cell it describes. Only exact figures are compared: approximations (约/余/多/近), ranges, other years, year-on-year changes and category counts of proactive disclosure are skipped; when the wording can mean several cells (受理 = new, or new + carried over) the figure must match none of them.',
  },
  {
    id: 'narrative.none_received', group: 'narrative', severity: 'high',
    title_zh: '称“未收到申请”但表格有办理记录', title_en: '"No applications received" but the table shows some',
    zh: '正文说本年度未收到政府信息公开申请，但表三的新收申请数不为0，或者办理结果栏记录的件数超过了上年结转的件数（例如君山片区管理局2022年报：正文称未收到申请，表三“本机关不掌握相关政府信息”却为5件）。',
    en: 'The prose says no applications were received this year, but table 三 shows new applications, or its result rows count more applications than were carried over from last year (e.g. 君山片区管理局 2022: "未收到依申请公开事宜" while 本机关不掌握相关政府信息 = 5).',
  },
  {
    id: 'copypaste.near_duplicate', group: 'copypaste', severity: 'warn',
    title_zh: '与其他机关的报告高度雷同', title_en: 'Near-duplicate of another agency\'s report',
    zh: '报告的文字部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项）与另一机关的报告高度相似（5字片段的杰卡德相似度≥50%，已去掉标点、数字和机关自身名称），并列出两份报告中相同的段落。相似度≥80%标为高。国办公开办函〔2021〕30号明确要求年报不得“内容雷同、敷衍塞责”。',
    en: 'The prose (overview, problems and improvements, other matters) is highly similar to another agency\'s report (Jaccard similarity of 5-character shingles ≥ 50%, after removing punctuation, digits and the agency\'s own name); the shared passages of both reports are shown. ≥ 80% is marked high. The 2021 template notice (国办公开办函〔2021〕30号) names reports that are 内容雷同 (copied) as a failure to be held to account.',
  },
  {
    id: 'copypaste.foreign_place', group: 'copypaste', severity: 'warn',
    title_zh: '提到了其他乡镇或县区', title_en: 'Names another township or county',
    zh: '乡镇（街道）的报告正文提到了不属于本机关、也不是其上级的乡镇或县区名称（如别斯托别乡的报告写“对新源镇下辖11个村…进行督导”），常见于照抄其他单位报告后未改名。地名按《行政区划代码》核对，同县的其他乡镇标为警示，外地乡镇标为提示。',
    en: 'A township\'s report names a township or county that is neither the agency nor one of its parents (别斯托别乡\'s report: "对新源镇下辖11个村…进行督导") — the usual trace of a copied report. Names are checked against the GB/T 2260 gazetteer; a sibling township in the same county is a warning, a township elsewhere a note.',
  },
  {
    id: 'outlier.all_zero_with_applications', group: 'outlier', severity: 'warn',
    title_zh: '表格全为0但正文提到收到申请', title_en: 'All-zero table while the prose mentions applications',
    zh: '表三（依申请公开）每个单元格都是0，但正文提到收到或办理了申请（如“收到申请20余件”“对收到的申请均按时答复”），表格可能是未填写的空模板。',
    en: 'Every cell of table 三 is 0 while the prose says applications were received or answered ("收到申请20余件", "对收到的申请均按时答复"): the table may be an unfilled template.',
  },
  {
    id: 'outlier.impossible_value', group: 'outlier', severity: 'warn',
    title_zh: '不可能的数值', title_en: 'Impossible value',
    zh: '表格中的件数为负数或非整数（表三、表四及表二的件数、处理决定数；收费金额除外）。',
    en: 'A count in the tables is negative or not a whole number (tables 三 and 四, table 二\'s document and decision counts; fees excepted).',
  },
  {
    id: 'outlier.regulations_unempowered', group: 'outlier', severity: 'warn',
    title_zh: '无权制定规章却填报了规章', title_en: 'Regulations reported by an agency that cannot make them',
    zh: '按《立法法》，规章只能由国务院部门和省、自治区、直辖市及设区的市、自治州人民政府制定。乡镇（街道）、县级政府和地方政府的工作部门在表二“规章”栏填了大于0的数，说明该栏填入了其他文件（文本无法确定拆分时，只在每一种拆分都大于0时才报告）。',
    en: 'Under the Legislation Law only State Council departments and provincial and 设区的市 governments make 规章. A township, a county government or a local government department reporting 规章 > 0 in table 二 has put other documents in that row (when the printed run cannot be split for certain, reported only if every split gives more than 0).',
  },
  {
    id: 'outlier.correction_rate', group: 'outlier', severity: 'info',
    title_zh: '行政复议纠正率异常', title_en: 'Unusual administrative-review correction rate',
    zh: '行政复议“结果纠正”占复议总数的比例远离同一年份、同一级别机关的分布（稳健z分数绝对值≥3.5，以中位数和绝对中位差计算；复议总数至少5件，且至少有8份可比报告）。',
    en: 'The share of administrative reviews with outcome 纠正 is far from the distribution of agencies of the same level and year (|robust z| ≥ 3.5 from median and MAD; at least 5 reviews and at least 8 peer reports).',
  },
  {
    id: 'outlier.deny_share', group: 'outlier', severity: 'info',
    title_zh: '不予公开比例异常', title_en: 'Unusual share of refusals',
    zh: '“不予公开”各项合计占办理总数的比例远离同一年份、同一级别机关的分布（稳健z分数绝对值≥3.5；办理总数至少10件，且至少有8份可比报告）。',
    en: 'The share of refusals (（三）不予公开, all eight grounds) among applications handled is far from the distribution of the same level and year (|robust z| ≥ 3.5; at least 10 handled and at least 8 peer reports).',
  },
  {
    id: 'outlier.missing_years', group: 'outlier', severity: 'info',
    title_zh: '缺少中间年份的年报', title_en: 'Missing years between reported years',
    zh: '数据集中有同一机关更早和更晚年份的年报，但缺少中间年份的（可能未发布，也可能尚未收录）。',
    en: 'The corpus holds this agency\'s reports for earlier and later years but not for the years in between (not published, or not collected yet).',
  },
] as const;

export const RULE_BY_ID: Readonly<Record<string, RuleInfo>> = Object.fromEntries(RULES.map((r) => [r.id, r]));
