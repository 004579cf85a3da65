/**
 * The findings page's reading order, published as `findings_by_rule`: a rule's findings by severity (high, warn, info,
 * then any other), score (highest first), report id; in files of FINDINGS_PART_ROWS rows
 * (`findings_by_rule/rule=<id>/part=<n>/data_0.parquet`), with the report's agency and year joined in. A page of any
 * rule at any depth is then one small file (or two), read whole: the page never reads the whole table, and
 * DuckDB cannot write row groups under 2,048 rows, so small files are what makes the read small. The files are
 * Snappy, not the zstd of the other tables: the browser decodes a part's every evidence string to show 20 findings,
 * and hyparquet's built-in Snappy does that ~8× faster than the pure-JS zstd (100 real-sized copy findings:
 * 1.8 ms against 15 ms in Node, 7 Dec 2026) for twice the bytes (67 KB against 33 KB).
 */

/**
 * Rows per part file: a 20-finding page reads one file of 100 findings (or two), at any corpus size. At 500 a
 * part of copy findings was 1.26 MB of evidence to decompress for each page (~0.4 s in the browser at 100,000
 * reports, `npm run bench:site`, 7 Dec 2026).
 */
export const FINDINGS_PART_ROWS = 100;

/** Severities in reading order; others (none today) come after them, by name. */
export const SEVERITY_ORDER = ['high', 'warn', 'info'] as const;

/** The sort of a rule's findings, as SQL over columns of `alias` (a total order: equal keys mean equal rows). */
export function findingsOrderSql(alias: string): string {
  const a = (c: string) => `${alias}.${c}`;
  return [
    `CASE ${a('severity')} ${SEVERITY_ORDER.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE ${SEVERITY_ORDER.length} END`,
    `${a('severity')}`, `${a('score')} DESC NULLS LAST`, a('report_id'), `coalesce(${a('other_report_id')}, '')`, a('message'), a('evidence'),
  ].join(', ');
}

/**
 * The rows of findings_by_rule, sorted (rule, part, then the page's order): `findings` and `reports` are SQL table
 * expressions with the published columns (findings: report_id, rule, severity, score, message, evidence,
 * other_report_id; reports: id, agency, year). A finding whose report has no row keeps null agency and year.
 */
export function findingsByRuleSql(findings: string, reports: string, partRows = FINDINGS_PART_ROWS): string {
  if (!Number.isInteger(partRows) || partRows < 1) throw new Error(`findings part rows must be a positive integer, got ${partRows}`);
  return `SELECT report_id, severity, score, message, evidence, other_report_id, agency, year, rule, part FROM (
      SELECT f.report_id, f.severity, CAST(f.score AS DOUBLE) AS score, f.message, f.evidence, f.other_report_id,
        r.agency, CAST(r.year AS INTEGER) AS year, f.rule,
        CAST((row_number() OVER (PARTITION BY f.rule ORDER BY ${findingsOrderSql('f')}) - 1) // ${partRows} AS INTEGER) AS part,
        row_number() OVER (PARTITION BY f.rule ORDER BY ${findingsOrderSql('f')}) AS k
      FROM ${findings} f LEFT JOIN (SELECT id, any_value(agency) AS agency, any_value(year) AS year FROM ${reports} GROUP BY id) r ON r.id = f.report_id)
    ORDER BY rule, k`;
}
