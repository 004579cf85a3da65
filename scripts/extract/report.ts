/**
 * SourceDoc → ReportRecord: normalise, find the sections, read the three tables, settle the
 * template, attach metadata, region and provenance, run the checks.
 */
import { NotAReport, type Ambiguity, type Cell, type Provenance, type Region, type ReportRecord, type Settled, type SourceDoc } from '../template/record.ts';
import { T3_OTHER_SPLIT, T3_WIDTH, type TemplateId } from '../template/vocabulary.ts';
import { normaliseText, lineStarts, lineIndex, toLineCol } from '../text/normalise.ts';
import { piecesOf, type Piece } from '../text/pieces.ts';
import { sectionSpans, type SectionSpan } from './sections.ts';
import { extractTable2 } from './table2.ts';
import { extractTable3, type CellSource } from './table3.ts';
import { extractTable4 } from './table4.ts';
import { extractMetadata } from './metadata.ts';
import { resolveRegion } from './region.ts';
import { runChecks } from '../checks/arithmetic.ts';
import { t3Path, t4Path } from '../template/cell-path.ts';
import { layoutOf } from './layout.ts';
import { alignSplitRows } from './columns.ts';

/** The page's own address: the container's meta, else a scraper dump's header ("原文链接: https://…"). */
function sourceUrlOf(doc: SourceDoc, text: string): string | null {
  const url = doc.meta?.url ?? /^(?:原文链接|原文地址|来源链接|URL)\s*[:：]\s*(https?:\/\/\S+)/m.exec(text.slice(0, 4000))?.[1] ?? null;
  return url && /^https?:\/\/[^\s<>"']+$/i.test(url) ? url : null;
}

/** The position of the first pattern that occurs in `text` (earlier patterns win), or -1. */
function firstOf(text: string, patterns: RegExp[]): number {
  for (const p of patterns) {
    const i = text.search(p);
    if (i >= 0) return i;
  }
  return -1;
}

/** Where each table lives: its section when the headings are there, else around its own labels. */
function regions(text: string, spans: SectionSpan[]) {
  const get = (code: string) => spans.find((s) => s.code === code);
  const s2 = get('s2'), s3 = get('s3'), s4 = get('s4'), s5 = get('s5');
  // Where table 三's heading and first rows are lost (a scanned page, a page cut off), its later rows still anchor it.
  const t3Anchor = firstOf(text, [/本年新收|上年结转/, /本年度办理结果|（[一二三四五六七]）(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计)|结转下年度继续办理/]);
  // The table starts at its first caption (第二十条第（一）项): a narrative before it that names 规范性文件 … 124条
  // is not the table's row (flattened text puts both in one paragraph).
  const caption = s2 ? text.slice(s2.bodyStart, s2.end).search(/第二十条/) : -1;
  const t2 = s2 ? [s2.bodyStart + Math.max(0, caption), s2.end] : [Math.max(0, text.search(/第二十条/)), s3?.start ?? (t3Anchor > 0 ? t3Anchor : text.length)];
  // Likewise table 三 starts at its header (申请人情况) or first row: '共收到政府信息公开申请3条' before it is not the row.
  const head3 = s3 ? text.slice(s3.bodyStart, s3.end).search(/申请人情况|本年新收/) : -1;
  const t3 = s3 ? [s3.bodyStart + Math.max(0, head3), s3.end] : t3Anchor >= 0 ? [t3Anchor, s4?.start ?? text.length] : null;
  const t4Anchor = text.search(/行政复议[\s\S]{0,40}?结果\s*维持/);
  const t4 = s4 ? [s4.bodyStart, s5?.start ?? s4.end] : t4Anchor >= 0 ? [t4Anchor, s5?.start ?? text.length] : null;
  return { t2: t2 as [number, number], t3: t3 as [number, number] | null, t4: t4 as [number, number] | null };
}

/**
 * Most text one report is read from. The bundled reports hold at most ~6k characters (HTML, DOCX, PDF renderings alike);
 * a text 150× that is not one report, and the table and metadata passes are not meant to scan
 * tens of megabytes (a 50 MB text took 90 s and 1.4 GB before this limit).
 */
export const MAX_TEXT_CHARS = 1_000_000;

/**
 * A section's text for the record: runs of spaces/tabs → one space, 3+ newlines → a blank line, trimmed.
 * (= .replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim(), copying only where something changes.)
 */
export function tidySection(t: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < t.length;) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 9) {
      let j = i + 1;
      while (j < t.length && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9)) j++;
      if (j !== i + 1 || c !== 32) { out += t.slice(last, i) + ' '; last = j; }
      i = j;
    } else if (c === 10) {
      let j = i + 1;
      while (j < t.length && t.charCodeAt(j) === 10) j++;
      if (j - i >= 3) { out += t.slice(last, i) + '\n\n'; last = j; }
      i = j;
    } else i++;
  }
  return (last === 0 ? t : out + t.slice(last)).trim();
}

function piecesIn(text: string, r: [number, number] | null): Piece[] {
  return r ? piecesOf(text, r[0], r[1]) : [];
}

/**
 * How a value was settled: its own cell of a table grid the reader rebuilt (HTML, DOCX, ruled PDF); a part of a
 * run-together number, chosen as the only split the table's arithmetic allows (solver); else its own printed number
 * matched to the row's label and the column's position in the text.
 */
function settledBy(s: CellSource, grid: boolean): Settled {
  if (grid) return 'grid';
  if (s.settled) return s.settled;
  const whole = s.raw.replace(/\s+/g, '');
  return whole !== s.asStated.replace(/\s+/g, '') ? 'solver' : 'label+position';
}

type OriginsByLine = Map<number, SourceDoc['origins']>;
/** The reader's origins grouped by line, each line's in their order: a cell looks only at its own line's. */
function originsByLine(origins: SourceDoc['origins']): OriginsByLine {
  const m: OriginsByLine = new Map();
  for (const x of origins) {
    const list = m.get(x.line);
    if (list) list.push(x); else m.set(x.line, [x]);
  }
  return m;
}

/** Where a cell's value sits: (line, columns) in the text, the text there, and the reader's origin of that line. */
function prov(provenance: Record<string, Provenance>, path: string, s: CellSource | null | undefined, text: string, starts: number[], origins: OriginsByLine): void {
  if (!s) return;
  const aLine = lineIndex(starts, s.start);
  const aCol = s.start - starts[aLine]!;
  const bLine = lineIndex(starts, s.end);
  // raw is the text at the span itself: a piece's text + unit drops the space of "246900 元".
  const p: Provenance = { line: aLine, start: aCol, end: bLine === aLine ? s.end - starts[bLine]! : aCol + (s.end - s.start), raw: text.slice(s.start, s.end) };
  let grid = false;
  for (const x of origins.get(aLine) ?? []) {
    if (x.start <= aCol && aCol < Math.max(x.end, x.start + 1)) { p.origin = x.origin; grid = !!x.grid; break; }
  }
  p.settled = settledBy(s, grid);
  provenance[path] = p;
}

/**
 * The text calls itself an annual report on government information disclosure: a title or source line
 * (…政府信息公开工作年度报告), or a preamble that cites the 条例 and names 本报告 (a page without its title).
 */
export function namesAReport(text: string): boolean {
  return /政[府务]信息公开[^\n。，,]{0,12}?报告/.test(text) || (/政府信息公开条例/.test(text) && /编制本报告|本报告/.test(text));
}

/** What a record without tables says: no table was read, and where the text ends (a page cut off shows it there). */
function noTablesWarning(text: string, starts: number[], template: TemplateId | null): string {
  const body = text.trimEnd();
  const last = lineIndex(starts, Math.max(0, body.length - 1));
  const tail = body.slice(Math.max(0, body.length - 20)).replace(/\s+/g, ' ').trim();
  const printed = template ? `; table 二's ${template}-template header is printed with every cell blank` : '';
  return `no table found: none of 主动公开 / 依申请公开 / 行政复议 tables holds a value${printed}; the text ends at line ${last + 1} (…${tail}); every cell is null`;
}

/** The region of a report whose agency is unknown: nothing to resolve it from. */
function unresolvedRegion(): Region {
  return { code: null, name: null, province: null, city: null, county: null, township: null, candidates: [], ambiguous: false, basis: 'agency unknown' };
}

export function extractReport(doc: SourceDoc, name: string): ReportRecord {
  if (doc.text.length > MAX_TEXT_CHARS) throw new NotAReport(`${name}: ${doc.text.length} characters of text is more than the ${MAX_TEXT_CHARS}-character limit for one report`, 'too_large');
  const text = normaliseText(doc.text);
  if (!text.trim()) throw new NotAReport(`${name}: no text in the file`, 'empty');
  const starts = lineStarts(text);
  const spans = sectionSpans(text);
  const reg = regions(text, spans);

  // Space-aligned text (pdftotext -layout): a row printed over several lines is put back in column order first.
  const layout = doc.format === 'text' ? layoutOf(text) : doc.format;
  const aligned = layout === 'aligned' ? alignSplitRows(piecesIn(text, reg.t3), starts, T3_WIDTH) : { pieces: piecesIn(text, reg.t3), rows: 0 };
  // The text is given for the row it may end in (a page cut off by the store); aligned pieces are not its own spans.
  const t3r = extractTable3(aligned.pieces, layout === 'aligned' ? undefined : text);
  if (aligned.rows) t3r.warnings.push(`table 三: ${aligned.rows} row${aligned.rows > 1 ? 's' : ''} printed over several lines read by the column positions of the table's full rows`);
  const t4r = extractTable4(piecesIn(text, reg.t4));
  const t3Template = T3_OTHER_SPLIT.some((c) => c in t3r.values) ? '2021' : t3r.values.other_total ? '2019' : null;
  const t2r = extractTable2(piecesIn(text, reg.t2), text.slice(reg.t2[0], reg.t2[1]), t3Template);

  // Table 三 counts when one of its rows was read: a narrative sentence that names a row (结转下年度继续办理1项) is no table.
  const tables = t2r.found || (t3r.found && Object.keys(t3r.values).length > 0) || t4r.found;
  // A report whose page was cut off before its tables (or that prints only its narrative) is still a report: its
  // agency, year and text are kept, every cell null. Only a text that does not name itself a report is refused.
  if (!tables && !namesAReport(text)) {
    throw new NotAReport(`${name}: no report tables found (none of 主动公开 / 依申请公开 / 行政复议 tables could be read) and no report title (…政府信息公开…报告)`, 'no_tables');
  }
  // With no table read, the template is what a printed table 二 header names (a table whose cells are all blank), else unknown.
  const template = tables ? t2r.template ?? t3Template ?? '2021' : /第二十条第/.test(text) ? t2r.template : null;
  const meta = extractMetadata(text, doc.meta);

  const t3 = t3r.values;
  const t4: Cell[] = t4r.values.t4 ?? Array(15).fill(null);
  const provenance: Record<string, Provenance> = {};
  const origins = originsByLine(doc.origins);
  for (const [path, s] of Object.entries(t2r.sources)) prov(provenance, path, s, text, starts, origins);
  for (const [row, srcs] of Object.entries(t3r.sources)) srcs.forEach((s, i) => prov(provenance, t3Path(row, i), s, text, starts, origins));
  (t4r.sources.t4 ?? []).forEach((s, i) => prov(provenance, t4Path(i), s, text, starts, origins));

  const ambiguous = [...t2r.ambiguous, ...t3r.ambiguous, ...t4r.ambiguous];
  const ambiguity: Ambiguity[] = [...t2r.ambiguity, ...t3r.ambiguity, ...t4r.ambiguity];
  const warnings = [...doc.warnings, ...t2r.warnings, ...t3r.warnings, ...t4r.warnings];
  if (!tables) warnings.push(noTablesWarning(text, starts, template));
  else {
    if (!t2r.found) warnings.push('table 二 (主动公开) not found');
    if (!t3r.found) warnings.push('table 三 (依申请公开) not found');
    if (!t4r.found) warnings.push('table 四 (行政复议、行政诉讼) not found');
  }
  // A report is never refused for missing metadata: its numbers are kept and the gap is said.
  if (!meta.year) warnings.push('the year the report covers could not be identified in the text (no title, 统计期限, narrative or date names it); year left null');
  if (!meta.agency) warnings.push('the reporting agency could not be identified in the text (no title, source line, breadcrumb, narrative or signature names it); agency left null');

  const record: ReportRecord = {
    agency: meta.agency,
    year: meta.year,
    template,
    t2: t2r.t2,
    ...(template === '2019' ? { t2_extra: t2r.extra ?? {} } : {}),
    t3,
    t4,
    level: meta.level,
    agency_basis: meta.agencyBasis,
    parents: meta.parents,
    region: meta.agency ? resolveRegion(meta.agency, meta.parents, text) : unresolvedRegion(),
    published: meta.published,
    phone: meta.phone,
    t3_other_single_row: !!t3.other_total && !T3_OTHER_SPLIT.some((c) => c in t3),
    sections: spans.map((s) => ({ code: s.code, title: s.title, text: tidySection(text.slice(s.bodyStart, s.end)), line: toLineCol(starts, s.start).line })),
    checks: [],
    ambiguous,
    ambiguity,
    provenance,
    layout,
    source_url: sourceUrlOf(doc, text),
    warnings,
  };
  record.checks = runChecks(record);
  return record;
}
