/**
 * The published tables' columns, defined once: the Parquet schemas (parquet.ts), the staging rows
 * (rows.ts) and dictionary.json all come from here, so a column cannot exist without a description.
 */
import { DESCRIPTION_ZH } from './dictionary-zh.ts';
import { RULES } from '../findings/rules.ts';
import { FINDINGS_PART_ROWS as PART } from './findings-order.ts';
import { T2_2019_ROWS, T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T3_ROWS, T4_CELLS, t2ExtraLabel } from '../template/vocabulary.ts';

export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'INTEGER' | 'BIGINT' | 'BOOLEAN';
export interface Column { name: string; type: ColumnType; zh: string; en: string; description: string }
export type TableName = 'reports' | 'cells' | 'checks' | 'sections' | 'slim_records' | 'files' | 'findings' | 'findings_by_rule';

const c = (name: string, type: ColumnType, zh: string, en: string, description: string): Column => ({ name, type, zh, en, description });

/** 2019-template table-二 keys other than `made` (which maps onto t2.*.made), in printed order. */
export const T2_EXTRA_NUMERIC: string[] = T2_2019_ROWS.flatMap((r) => r.cols.filter((k) => k !== 'made'));

const t2Columns: Column[] = [
  ...T2_DOC_KINDS.flatMap((k) => T2_DOC_FIELDS.map((f) => c(`t2_${k.code}_${f.code}`, 'DOUBLE', `${k.zh}·${f.zh}`, `${k.en}: ${f.en}`,
    `Table 二 ${k.zh} ${f.zh}${f.zh2019 ? ` (2019 template: ${f.zh2019})` : ' (2021 template only; null for 2019-template reports)'}. Null when blank.`))),
  ...T2_SINGLE.map((s) => c(`t2_${s.code}`, 'DOUBLE', s.zh, s.en,
    s.code === 'fees'
      ? 'Table 二 行政事业性收费 本年收费金额, in 万元 as printed (2021 template; null for 2019-template reports).'
      : `Table 二 ${s.zh} 本年处理决定数量 (2019 template: 处理决定数量). Null when blank.`)),
  ...T2_EXTRA_NUMERIC.map((k) => c(`t2_extra_${k}`, 'DOUBLE', `（2019模板）${t2ExtraLabel(k).zh}`, `2019 template: ${t2ExtraLabel(k).en}`,
    `2019-template-only table 二 value t2_extra.${k} (see docs/report.schema.json); null for 2021-template reports or when blank.` +
    (k === 'procurement_total_amount' ? ' In the unit given by t2_extra_procurement_amount_unit.' : '') +
    (k.endsWith('_change') ? ' Signed (本年增/减).' : ''))),
  c('t2_extra_procurement_amount_unit', 'VARCHAR', '采购总金额单位', 'Procurement amount unit', 'Unit printed for 政府集中采购 采购总金额 (元 / 万元), 2019 template only.'),
];

const t3Columns: Column[] = T3_ROWS.map((r) => c(`t3_${r.code}_total`, 'INTEGER', `${r.zh}·总计`, `${r.en}: total`,
  `Table 三 row ${r.code} (${r.zh}), 总计 column, as printed. Null when blank or when the report does not print the row` +
  (r.code === 'other_total' ? ' (the one-row （六）其他处理; 2021-template reports that print three sub-rows leave it null)' : '') + '.'));

const t4Columns: Column[] = T4_CELLS.map((t) => c(`t4_${t.code}`, 'INTEGER', t.zh, t.en, `Table 四 cell ${t.group} / ${t.outcome}, as printed. Null when blank.`));

export const TABLES: Record<TableName, { zh: string; en: string; rowIs: string; columns: Column[] }> = {
  reports: {
    zh: '报告', en: 'Reports', rowIs: 'one report (duplicates excluded; they are listed in files)',
    columns: [
      c('id', 'VARCHAR', '报告编号', 'Report id', 'First 16 hex digits of the sha256 of the source file bytes.'),
      c('file', 'VARCHAR', '源文件', 'Source file', 'Path of the source file relative to the build input folder.'),
      c('format', 'VARCHAR', '文件格式', 'File format', 'Format the reader detected: text, html, pdf, docx, doc.'),
      c('agency', 'VARCHAR', '机关', 'Agency', 'The reporting agency as the report names itself.'),
      c('agency_key', 'VARCHAR', '机关键', 'Agency key', 'The same agency across years and title variants (cover letter 关于报送…的函, 工作报告 vs 工作年度报告, 人民政府/政府 endings, documented renames): the rule is in scripts/corpus/agency-key.ts. Group by it for an agency\'s time series.'),
      c('level', 'VARCHAR', '行政层级', 'Level', 'township, county, city, province, department or unknown.'),
      c('parents', 'VARCHAR', '上级地名', 'Parent places', "Places named with the agency, outermost first, joined with '/'."),
      c('province', 'VARCHAR', '省', 'Province', 'Resolved province name (null when unresolved).'),
      c('city', 'VARCHAR', '市', 'City', 'Resolved prefecture/city name.'),
      c('county', 'VARCHAR', '县/区', 'County', 'Resolved county/district name.'),
      c('township', 'VARCHAR', '乡镇/街道', 'Township', 'Resolved township/subdistrict name.'),
      c('region_code', 'VARCHAR', '区划代码', 'Region code', 'GB/T 2260 code (+3-digit township suffix) when unambiguous, else null.'),
      c('region_name', 'VARCHAR', '区划名称', 'Region name', 'Full path name of the resolved region.'),
      c('region_ambiguous', 'BOOLEAN', '区划不唯一', 'Region ambiguous', 'True when several regions match the agency name.'),
      c('region_candidates', 'VARCHAR', '候选区划', 'Region candidates', 'JSON array of candidate regions {code, name, province, city, county, township}.'),
      c('year', 'INTEGER', '年度', 'Year', 'The year the report covers (not the publication year).'),
      c('template', 'VARCHAR', '模板', 'Template', "'2019' (国办公开办函〔2019〕60号) or '2021' (〔2021〕30号), decided by the layout; null when the report's text holds no table."),
      c('published', 'VARCHAR', '发布日期', 'Published', 'ISO date the report or its page gives, else null.'),
      c('phone', 'VARCHAR', '联系电话', 'Phone', 'Contact phone printed in the report.'),
      c('layout', 'VARCHAR', '版式', 'Layout', 'Text layout the extractor recognised: tab, cell-per-line, flattened, html, pdf, …'),
      c('status', 'VARCHAR', '状态', 'Status', "'ok' (reports that failed are only in files)."),
      c('checks_pass', 'INTEGER', '校验通过数', 'Checks passed', 'Rows of checks for this report with status pass (includes cross-report checks).'),
      c('checks_fail', 'INTEGER', '校验失败数', 'Checks failed', 'Failed checks of the report\'s own arithmetic (rows of checks with status fail, not counting the extractor\'s extract.* rules: those are in ambiguous_cells).'),
      c('checks_na', 'INTEGER', '校验不适用数', 'Checks not applicable', 'Rows of checks for this report with status not_applicable (a blank cell).'),
      c('ambiguous_cells', 'INTEGER', '存疑单元格数', 'Ambiguous cells', 'Cells whose value the text could not settle (listed in the record).'),
      c('source_url', 'VARCHAR', '原文链接', 'Source URL', 'URL the file was published at: from the collector\'s sidecar (<file>.source.json, url), else from the file itself (HTML meta) when it says so.'),
      c('fetched_at', 'VARCHAR', '抓取时间', 'Fetched at', 'ISO time the collector fetched the file (its sidecar); null for files without one. Input metadata, not a build timestamp.'),
      ...t2Columns, ...t3Columns, ...t4Columns,
    ],
  },
  cells: {
    zh: '单元格', en: 'Cells', rowIs: 'one extracted table cell (long form)',
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'reports.id'),
      c('tbl', 'VARCHAR', '表', 'Table', "'t2', 't2_extra' (2019-template-only table-二 values), 't3' or 't4'."),
      c('row', 'VARCHAR', '行', 'Row', 't2: regulations/normative/licensing/…; t2_extra: the key; t3: row code (vocabulary.ts T3_ROWS); t4: group (review, suit_direct, suit_after_review).'),
      c('col', 'VARCHAR', '列', 'Column', 't2: made/repealed/valid (null for single-value rows); t2_extra: null; t3: column code (natural … total); t4: outcome (upheld … total).'),
      c('value', 'DOUBLE', '数值', 'Value', 'The number as printed; null = blank or not settled. Never an invented 0.'),
      c('as_stated', 'VARCHAR', '原文', 'As stated', 'The cell text as printed (e.g. +17, 246900元); for text-valued extras (procurement_amount_unit) the text itself with value null.'),
      c('raw', 'VARCHAR', '原始片段', 'Raw', 'The raw text the value was read from (for a flattened run: the whole run it was split from).'),
      c('line', 'INTEGER', '行号', 'Line', '0-based line in the normalised text (the record source_text in archive/records/<id>.json).'),
      c('span_start', 'INTEGER', '起始位置', 'Span start', 'Character offset of the cell within that line.'),
      c('span_end', 'INTEGER', '结束位置', 'Span end', 'End offset (exclusive).'),
      c('origin', 'VARCHAR', '原文件位置', 'Origin', 'JSON pointer into the original file for non-text formats: {kind:html,path} / {kind:pdf,page,x,y} / {kind:docx,table,row,cell}.'),
      c('settled', 'VARCHAR', '判定方式', 'Settled by', "How the value was settled: 'grid' (read from a table grid), 'label+position' (row label and column position in text), 'solver' (the only split of a run-together number that satisfies the table's arithmetic), 'cross-year' (pinned by the same agency's adjacent-year report), 'sequence' (plain pdftotext text: placed by its place in the value stream, only when the stream holds the whole grid and every sum holds); null for a blank or unsettled cell."),
      c('settled_by', 'VARCHAR', '判定依据报告', 'Settled with', "For 'cross-year': the id(s) of the other report(s) whose values pinned this one (comma-separated)."),
      c('ambiguous', 'BOOLEAN', '存疑', 'Ambiguous', 'True when the text could not settle the value uniquely (see the record\'s ambiguity).'),
      c('path', 'VARCHAR', '单元格路径', 'Cell path', 'Cell path as used in checks.cells and the record: t2.regulations.made, t3.new[0], t4[4], t2_extra.licensing_change.'),
    ],
  },
  checks: {
    zh: '校验', en: 'Checks', rowIs: 'one check result (the tables\' own arithmetic, and cross-report checks)',
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'reports.id the check is about (for cross-year checks: the later year\'s report).'),
      c('rule', 'VARCHAR', '规则', 'Rule', 'Stable rule id, e.g. t3.balance, t3.results_sum (scripts/checks/arithmetic.ts); cross-report: cross.carry_over, cross.valid_count.'),
      c('scope', 'VARCHAR', '范围', 'Scope', 'What the rule was applied to (a column, row or group).'),
      c('status', 'VARCHAR', '结果', 'Status', "'pass', 'fail' or 'not_applicable' (a cell involved was blank)."),
      c('expected', 'DOUBLE', '应为', 'Expected', 'The value the arithmetic requires.'),
      c('actual', 'DOUBLE', '实际', 'Actual', 'The value the report states.'),
      c('cells', 'VARCHAR', '涉及单元格', 'Cells', 'JSON array of cell paths; a cell of another report is written <report_id>#<path>.'),
      c('detail', 'VARCHAR', '说明', 'Detail', 'Human-readable arithmetic, or which cell was blank.'),
    ],
  },
  sections: {
    zh: '正文部分', en: 'Sections', rowIs: 'one narrative section of a report',
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'reports.id'),
      c('section', 'VARCHAR', '部分', 'Section', "'s1'..'s6' (一、总体情况 … 六、其他需要报告的事项)."),
      c('title', 'VARCHAR', '标题', 'Title', 'The heading as printed.'),
      c('text', 'VARCHAR', '正文', 'Text', 'The section text.'),
      c('line', 'INTEGER', '行号', 'Line', '0-based line of the heading in the normalised text.'),
    ],
  },
  slim_records: {
    zh: '报告记录', en: 'Records', rowIs: 'one report: the rest of its record (what the other tables do not hold)',
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'reports.id'),
      c('record', 'VARCHAR', '记录', 'Record', "The report's record as `extract` prints it, without what the other tables hold (tables → cells, provenance → cells, checks → checks, sections → sections, source text → archive/records/<id>.json): metadata and how it was found, region, warnings, `ambiguous` and `ambiguity` (each unsettled run with its candidate splits), layout, source. JSON."),
    ],
  },
  files: {
    zh: '输入文件', en: 'Files', rowIs: 'one input file — every file the build was given',
    columns: [
      c('path', 'VARCHAR', '路径', 'Path', 'Path relative to the build input folder (/-separated).'),
      c('sha256', 'VARCHAR', 'SHA-256', 'SHA-256', 'sha256 of the file bytes (null when the file could not be read).'),
      c('bytes', 'BIGINT', '字节数', 'Bytes', 'File size.'),
      c('format', 'VARCHAR', '文件格式', 'Format', 'Format detected (null when detection failed).'),
      c('status', 'VARCHAR', '状态', 'Status', "'ok' (published as a report), 'failed' (see reason), 'duplicate' (see duplicate_of), 'metadata' (a collector provenance sidecar *.source.json or .collect-state.json: not a report; its URL and fetch time go to reports) or 'skipped' (never opened, see reason: a FIFO, socket or device, a symlink out of the input folder or in a loop, a folder that cannot be read). A name that is not UTF-8 is shown with each such byte as \\xNN."),
      c('reason', 'VARCHAR', '原因', 'Reason', 'One-line reason for failed, or why it is a duplicate.'),
      c('duplicate_of', 'VARCHAR', '重复于', 'Duplicate of', 'For duplicates: the id of the report that is published instead.'),
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'The id this file would have as a report (sha256 prefix) when it was extracted; null for failed files.'),
    ],
  },
  findings: {
    zh: '发现', en: 'Findings', rowIs: 'one finding: a narrative figure that contradicts its table cell, a copied passage, a place name of another agency, an outlier (scripts/findings/rules.ts)',
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'reports.id'),
      c('rule', 'VARCHAR', '规则', 'Rule', `Finding rule id, one of: ${RULES.map((r) => r.id).join(', ')} (meanings in scripts/findings/rules.ts and on the findings page).`),
      c('severity', 'VARCHAR', '严重程度', 'Severity', "Severity of the finding: 'high' (重要), 'warn' (提示) or 'info' (信息)."),
      c('score', 'DOUBLE', '分值', 'Score', 'Strength of the finding.'),
      c('message', 'VARCHAR', '说明', 'Message', 'Human-readable finding.'),
      c('evidence', 'VARCHAR', '证据', 'Evidence', 'JSON array of spans.'),
      c('other_report_id', 'VARCHAR', '相关报告', 'Other report', 'Another report the finding compares with, if any.'),
    ],
  },
  findings_by_rule: {
    zh: '发现（按规则排序）', en: 'Findings by rule',
    rowIs: `finding, as in findings, in the findings page's order: folders findings_by_rule/rule=<rule>/part=<n>/data_0.parquet, a rule's findings by severity (high, warn, info), score (highest first) and report id, ${PART} to a part, with the report's agency and year (scripts/corpus/findings-order.ts); rule and part are the folder names`,
    columns: [
      c('report_id', 'VARCHAR', '报告编号', 'Report id', 'reports.id'),
      c('severity', 'VARCHAR', '严重程度', 'Severity', "As findings.severity: 'high' (重要), 'warn' (提示) or 'info' (信息)."),
      c('score', 'DOUBLE', '分值', 'Score', 'As findings.score.'),
      c('message', 'VARCHAR', '说明', 'Message', 'As findings.message.'),
      c('evidence', 'VARCHAR', '证据', 'Evidence', 'As findings.evidence (JSON array of spans, 0-based lines).'),
      c('other_report_id', 'VARCHAR', '相关报告', 'Other report', 'As findings.other_report_id.'),
      c('agency', 'VARCHAR', '机关', 'Agency', "reports.agency of the finding's report."),
      c('year', 'INTEGER', '年度', 'Year', "reports.year of the finding's report."),
      c('rule', 'VARCHAR', '规则', 'Rule', 'As findings.rule; the folder rule=<rule> (hive partition).'),
      c('part', 'BIGINT', '分段', 'Part', `The folder part=<n> (hive partition): rows n×${PART} to n×${PART}+${PART - 1} of the rule in this order, counted from 0.`),
    ],
  },
};

export const TABLE_ORDER: TableName[] = ['reports', 'cells', 'checks', 'sections', 'slim_records', 'files', 'findings', 'findings_by_rule'];

/** A column's description in Chinese: written out (dictionary-zh.ts), or for the template's cells from their labels. */
export function descriptionZh(table: TableName, col: Column): string {
  const written = DESCRIPTION_ZH[`${table}.${col.name}`];
  if (written) return written;
  if (col.name.startsWith('t2_extra_')) return `2019 版表二独有的数值：${col.zh.replace(/^（2019模板）/, '')}；2021 版报告或原文空白时为空。${col.name.endsWith('_change') ? '带正负号（本年增/减）。' : ''}${col.name === 't2_extra_procurement_total_amount' ? '单位见 t2_extra_procurement_amount_unit。' : ''}`;
  if (col.name.startsWith('t2_')) return `表二“${col.zh}”，按原文；空白为空（不补 0）。`;
  if (col.name.startsWith('t3_')) return `表三“${col.zh}”，按原文；空白或报告未印该行时为空。`;
  if (col.name.startsWith('t4_')) return `表四“${col.zh}”，按原文；空白为空。`;
  return col.description;
}

/** dictionary.json: every column of every published table (description_zh in Chinese, description in English). */
export function dictionary(): Array<{ table: string; column: string; type: ColumnType; zh: string; en: string; description_zh: string; description: string }> {
  return TABLE_ORDER.flatMap((t) => TABLES[t].columns.map((col) => ({ table: t, column: col.name, type: col.type, zh: col.zh, en: col.en, description_zh: descriptionZh(t, col), description: col.description })));
}
