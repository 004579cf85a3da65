/**
 * Table 三 收到和处理政府信息公开申请情况: 7 applicant columns × the template's rows.
 */
import { T3_ROWS, T3_ROW, T3_WIDTH, T3_OTHER_SPLIT, type T3Row } from '../template/vocabulary.ts';
import type { Ambiguity, Cell, Settled } from '../template/record.ts';
import { printedOf, type Piece } from '../text/pieces.ts';
import { compact } from '../text/normalise.ts';
import { logicalRows, lcsJoined, rowLabelText, leadingContinuation, isBlankRow, trimBlanks, type RawRow } from './rows.ts';
import { enumerate, type CellKind, type NumPiece, type Reading, type SumGroup } from './split.ts';
import { solveJoint, type Constraint } from './solve.ts';
import { t3Path } from '../template/cell-path.ts';
import { sequenceGrid } from './sequence.ts';

export interface CellSource {
  start: number; end: number; raw: string; asStated: string;
  /** Set when the cell was placed by something other than its label and position (see sequence.ts). */
  settled?: Settled;
}

export interface TableResult {
  found: boolean;
  values: Record<string, Cell[]>;
  sources: Record<string, Array<CellSource | null>>;
  ambiguity: Ambiguity[];
  ambiguous: string[];
  warnings: string[];
}

/** A template label without its numbering, for in-order matching ("予以公开", "属于国家秘密"). */
const canon = (r: T3Row) => compact(r.zh).replace(/^[一二三四]、|^\([一二三四五六七]\)|^\d\./, '');
const CANON = new Map(T3_ROWS.map((r) => [r.code, canon(r)]));

/** Each row's patterns, split into anchored (^…: tested on the label from its "N.其他" on) and free ones. */
const ROW_PATTERNS = T3_ROWS.map((r) => ({ row: r, patterns: r.match.map((re) => ({ re, anchored: re.source.startsWith('^') })) }));

/**
 * Rows whose pattern matches the label, in template order (shared: do not change). Labels repeat
 * across reports (the template's own wording), so results are remembered per label, up to a bound.
 */
const hitCache = new Map<string, readonly T3Row[]>();
function patternHits(own: string): readonly T3Row[] {
  let hits = hitCache.get(own);
  if (!hits) {
    hits = computeHits(own);
    if (hitCache.size >= 4096) hitCache.clear();
    hitCache.set(own, hits);
  }
  return hits;
}

function computeHits(own: string): T3Row[] {
  let tail: string | null = null; // the label from its trailing "N.其他" / "N、其他", computed once
  const hits: T3Row[] = [];
  for (const { row, patterns } of ROW_PATTERNS) {
    for (const { re, anchored } of patterns) {
      if (anchored && tail === null) tail = own.replace(/^.*?(?=\d[.、]其他$)/, '');
      if (re.test(anchored ? tail! : own)) { hits.push(row); break; }
    }
  }
  return hits;
}

/** Row patterns that may open a row (not anchored), for opensRow. */
const OPENING_PATTERNS = T3_ROWS.flatMap((r) => r.match.filter((re) => !re.source.startsWith('^')));

/**
 * Which template row a printed label names, or null (header text, captions, fragments). A row is
 * a candidate when its pattern matches or when the printed text holds ≥ 70% of its label in order
 * (wrapped, interleaved or misspelt labels: "本机关不掌握相关…供…政府信息"); the candidate holding
 * the most of its label wins, rows not yet read first.
 */
export function identifyT3Row(own: string, seen: Set<string>, continuation = ''): T3Row | null {
  // Pattern matches on the row's own words are cheap and decide most rows; the in-order (LCS)
  // score ranks them, and is computed for every row only when no pattern matches (wrapped or
  // interleaved labels). The continuation (a wrapped tail printed after the values, possibly
  // behind a repeated page header) only adds to the in-order score: it never makes a match.
  const hits = patternHits(own);
  const fresh = hits.filter((r) => !seen.has(r.code));
  const pool = fresh.length ? fresh : hits.length ? hits : T3_ROWS;
  const cands: Array<{ row: T3Row; score: number }> = [];
  for (const r of pool) {
    const c = CANON.get(r.code)!;
    // The row's own words sit at the end of its buffer; headers and captions run in before them.
    const headFrom = own.length > c.length * 3 + 12 ? own.length - (c.length * 3 + 12) : 0;
    const m = lcsJoined(c, own, headFrom, continuation);
    const hit = hits.includes(r);
    if (hit || (c.length >= 4 && m / c.length >= 0.7)) cands.push({ row: r, score: m + (hit ? 0.5 : 0) });
  }
  if (!cands.length) return null;
  const unseen = cands.filter((h) => !seen.has(h.row.code));
  const best = (unseen.length ? unseen : cands).reduce((a, b) => (b.score > a.score ? b : a));
  return best.row;
}

/** A label that opens a new row even without numbering: it starts with a row's own words. */
const opensCache = new Map<string, boolean>();
function opensRow(label: string): boolean {
  let r = opensCache.get(label);
  if (r === undefined) {
    r = computeOpensRow(label);
    if (opensCache.size >= 4096) opensCache.clear();
    opensCache.set(label, r);
  }
  return r;
}

function computeOpensRow(label: string): boolean {
  const c = compact(label);
  if (c.length < 4) return false;
  for (const re of OPENING_PATTERNS) {
    const m = re.exec(c);
    if (m && m.index <= 1) return true;
  }
  return false;
}

/**
 * A run of labels followed by exactly (number of labels) × 7 separate values: token-per-line text
 * prints a block of row labels, then their values. Only an exact count is read; anything else is
 * left to the ordinary path (and its warnings).
 */
function labelBlock(labelRows: RawRow[], values: Piece[], seen: Set<string>): Array<[T3Row, Piece[]]> | null {
  const nums = values.filter((v) => v.kind === 'num');
  if (nums.length <= T3_WIDTH || nums.length % T3_WIDTH || !nums.every((n) => n.own || n.sep === 'newline')) return null;
  const groups: string[] = [];
  for (const seg of labelRows.flatMap((r) => r.segments)) {
    const c = compact(seg.text);
    if (/^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d[.、])/.test(c) || !groups.length) groups.push(c);
    else groups[groups.length - 1] += c;
  }
  const local = new Set(seen);
  const rows: T3Row[] = [];
  for (const g of groups) {
    const r = identifyT3Row(g, local);
    if (r && !local.has(r.code)) { rows.push(r); local.add(r.code); }
  }
  const leaves = rows.some((r) => (T3_OTHER_SPLIT as readonly string[]).includes(r.code)) ? rows.filter((r) => r.code !== 'other_total') : rows;
  if (leaves.length !== nums.length / T3_WIDTH) return null;
  return leaves.map((r, i) => [r, nums.slice(i * T3_WIDTH, (i + 1) * T3_WIDTH)]);
}

function numPieces(values: Piece[]): NumPiece[] {
  return values.filter((v) => v.kind === 'num').map((v) => ({ text: v.text, unit: v.unit, word: v.word, own: v.own, start: v.start, end: v.end }));
}

/**
 * Read the row's values as `width` cells. Blank cells (tab layouts) become null; runs are split
 * every possible way and filtered by `rowOk`; extra cells (a 小计 column, a drifted column) are
 * dropped where the header says so or the arithmetic allows only one choice.
 */
export interface RowRead { readings: Reading[]; blanks: boolean[] | null; warning?: string; truncated?: boolean }

export function rowReadings(values: Piece[], width: number, kinds: CellKind[], sums: SumGroup[], dropCol: number | null): RowRead {
  const vs = rowCells(values, dropCol === null ? width : width + 1);
  const hasBlank = vs.some((v) => v.kind === 'blank');
  const fullWidth = dropCol === null ? width : width + 1;
  if (hasBlank && vs.length === fullWidth && vs.every((v) => v.kind === 'blank' || v.own)) {
    let cells = vs;
    if (dropCol !== null) cells = vs.filter((_, i) => i !== dropCol);
    // `piece` is the cell's place among the row's numbers (callers look sources up there), not among
    // the cells: counting blanks shifted every later cell's provenance.
    const numAt = new Map(vs.filter((v) => v.kind === 'num').map((v, k) => [v, k]));
    const reading: Reading = cells.map((v, i) => ({ value: v.kind === 'blank' ? NaN : Number(v.text), asStated: printedOf(v), piece: numAt.get(v) ?? i }));
    return { readings: [reading], blanks: cells.map((v) => v.kind === 'blank') };
  }
  const nums = numPieces(vs);
  if (!nums.length) {
    // Every cell printed empty: a row of blanks (null), never zeros.
    if (isBlankRow(values, width)) return { readings: [Array.from({ length: width }, (_, i) => ({ value: NaN, asStated: '', piece: i }))], blanks: Array(width).fill(true) };
    return { readings: [], blanks: null };
  }
  if (dropCol !== null && nums.length === fullWidth && nums.every((n) => n.own)) {
    const kept = without(nums, [dropCol]);
    const rr = settle(kept.map((i) => nums[i]!), kinds, sums);
    return { ...rr, readings: back(rr.readings, kept) };
  }
  if (nums.length > width && nums.every((n) => n.own)) {
    // More printed cells than columns: try every way of dropping the extras.
    const extra = nums.length - width;
    const out: Reading[] = [];
    if (extra <= 2) {
      for (let a = 0; a < nums.length; a++) {
        const drops = extra === 1 ? [[a]] : Array.from({ length: nums.length - a - 1 }, (_, k) => [a, a + 1 + k]);
        for (const drop of drops) { const kept = without(nums, drop); out.push(...back(enumerate(kept.map((i) => nums[i]!), kinds, sums).readings, kept)); }
      }
    }
    const distinct = new Map(out.map((r) => [r.map((c) => c.value).join(','), r]));
    return { readings: [...distinct.values()], blanks: null, warning: `${nums.length} values printed for ${width} columns` };
  }
  return settle(nums, kinds, sums);
}

/**
 * A row's cells when they are one grid row: every number on one line, and that line holding exactly `n` cells
 * (numbers and blanks, after any leading empty padding). Trailing blanks are then cells of the row (1 followed by
 * fourteen empty cells in a table 四), not padding.
 */
/** The cells a row's values are read from: its grid row when it is one, else the values without end padding. */
export function rowCells(values: Piece[], n: number): Piece[] {
  return gridRow(values, n) ?? barRow(values, n) ?? trimBlanks(values);
}

/**
 * A row whose leading blank cells are bars stepping across lines (`数量 |` + five `|` lines + `| 0 |`: six blanks, then
 * 总计 0), counted to exactly `n` cells: the blanks hold their columns. At least one must be a bar on a line of its
 * own, so that a row opened by a bar on its values' line (`| 0 | 0 |` after `| 规章 |`) is never shifted by one.
 */
function barRow(values: Piece[], n: number): Piece[] | null {
  if (values[0]?.kind !== 'blank' || !values[0].bar) return null;
  let b = values.length;
  while (b > 0 && values[b - 1]!.kind === 'blank' && !values[b - 1]!.text) b--;
  if (b !== n) return null;
  const cells = values.slice(0, b);
  let a = 0;
  while (a < b && cells[a]!.kind === 'blank' && !cells[a]!.text) a++;
  const lead = cells.slice(0, a);
  if (a === b || !lead.every((v) => v.bar) || !lead.some((v) => v.bar === 'lone')) return null;
  return cells.every((v) => v.kind === 'blank' || v.own) ? cells : null;
}

function gridRow(values: Piece[], n: number): Piece[] | null {
  const first = values.find((v) => v.kind === 'num');
  if (!first || !values.some((v) => v.kind === 'blank')) return null;
  const line = values.filter((v) => v.line === first.line);
  if (values.some((v) => v.kind === 'num' && v.line !== first.line)) return null;
  let a = 0;
  while (a < line.length && line[a]!.kind === 'blank' && !line[a]!.text && line.length - a > n) a++;
  const cells = line.slice(a);
  return cells.length === n && cells.every((v) => v.kind === 'blank' || v.own) ? cells : null;
}

/**
 * Readings of a subset of the numbers index that subset: map them back to the row's numbers, or the
 * provenance of every cell after a dropped one points at its neighbour.
 */
function back(rs: Reading[], kept: number[]): Reading[] {
  return rs.map((r) => r.map((c) => ({ ...c, piece: kept[c.piece]! })));
}

/** Indexes of `nums` without those in `drop`. */
function without(nums: NumPiece[], drop: number[]): number[] {
  const kept: number[] = [];
  for (let i = 0; i < nums.length; i++) if (!drop.includes(i)) kept.push(i);
  return kept;
}

/**
 * Readings that satisfy the row's own sums; if none do (the report's sum is wrong), every reading.
 * A truncated enumeration settles nothing: no readings, flagged.
 */
function settle(nums: NumPiece[], kinds: CellKind[], sums: SumGroup[]): RowRead {
  const ok = enumerate(nums, kinds, sums);
  if (ok.truncated) return { readings: [], blanks: null, truncated: true };
  if (ok.readings.length || !sums.length) return { readings: ok.readings, blanks: null };
  const all = enumerate(nums, kinds, []);
  if (all.truncated) return { readings: [], blanks: null, truncated: true };
  return { readings: all.readings, blanks: null };
}

const ROW_SUM: SumGroup[] = [{ first: 0, last: 6 }];

/**
 * Column of a 小计 (subtotal) column, if the header prints one: it sits after however many of the
 * applicant columns precede it in the header (总计 is often a rowspan cell printed first, so only
 * 自然人 and the five 法人或其他组织 columns count).
 */
function subtotalColumn(header: string): number | null {
  const h = compact(header);
  const at = h.indexOf('小计');
  if (at < 0) return null;
  const before = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构'].filter((w) => { const i = h.indexOf(w); return i >= 0 && i < at; }).length;
  const other = h.lastIndexOf('其他', at);
  return before + (other >= 0 && other > h.indexOf('法律服务机构') ? 1 : 0);
}

/**
 * A pipe row the stored text ends in (`7.属于行政执法案卷 | 0 | 0 | 0 | 0 | `, then nothing): a page cut off by the
 * store, not a row that prints fewer cells. The cells it prints keep their columns from the first; those after the
 * cut are null. Only when the values stand on the label's line, every cell is closed by a bar (a number the cut left
 * unclosed may have lost digits; a lone 0 has none to lose), blank cells are empty cells between bars, and nothing
 * but bars and spaces follows to the end of the text.
 */
export function cutRow(values: Piece[], text: string, width: number): { reading: Reading; blanks: boolean[]; printed: number } | null {
  const nums = values.filter(isNum);
  if (!nums.length) return null;
  const first = nums[0]!;
  const last = nums[nums.length - 1]!;
  // Closed by a bar, or a 0 the text ends on (a count never starts with 0, so no digit of it was lost).
  const rest = text.slice(last.end);
  if (!/^[ \t]*\|[\s|]*$/.test(rest) && !(last.text === '0' && !rest.trim())) return null;
  const pre = text.slice(text.lastIndexOf('\n', first.start - 1) + 1, first.start);
  // The label's last character on the values' line, then the bars before the first value (`| |` = one blank cell).
  const lead = pre.match(/[^\s|]([ \t|]*)$/);
  if (!lead || !lead[1]!.includes('|')) return null;
  const cells = [...Array<string>(lead[1]!.split('|').length - 2).fill(''), ...text.slice(first.start, last.end).split('|').map((c) => c.trim())];
  if (cells.length >= width || cells.some((c) => c !== '' && !/^[+-]?\d+$/.test(c))) return null;
  const printed = cells.filter((c) => c !== '');
  if (printed.length !== nums.length || printed.some((c, i) => c !== nums[i]!.text)) return null;
  let k = 0;
  const reading: Reading = Array.from({ length: width }, (_, i) => {
    const c = cells[i];
    if (c === undefined || c === '') return { value: NaN, asStated: '', piece: i };
    const n = nums[k]!;
    return { value: Number(c), asStated: printedOf(n), piece: k++ };
  });
  return { reading, blanks: reading.map((c) => Number.isNaN(c.value)), printed: cells.length };
}

export function extractTable3(pieces: Piece[], text?: string): TableResult {
  const raws = logicalRows(pieces, T3_WIDTH, opensRow);
  const seen = new Set<string>();
  const found = new Map<string, RawRow>();
  const warnings: string[] = [];
  let headerText = '';
  let pending: RawRow[] = []; // label-only rows since the last row with values
  for (let k = 0; k < raws.length; k++) {
    const raw = raws[k]!;
    const label = rowLabelText(raw);
    const cont = leadingContinuation(raws[k + 1]);
    const hasValues = raw.values.some((v) => v.kind === 'num') || isBlankRow(raw.values, T3_WIDTH, raw.values[0]?.line);
    if (!found.size) headerText += label;
    if (!hasValues) { pending.push(raw); continue; }
    // (most rows print exactly 7 values: no block, and no label list to build for it)
    const block = numCount(raw.values) > T3_WIDTH ? labelBlock([...pending, raw], raw.values, seen) : null;
    const before = pending.length ? rowLabelText(pending[pending.length - 1]!) : '';
    pending = [];
    if (block) {
      // k labels printed before k × 7 values (one token per line): read them in order.
      block.forEach(([r, values]) => { seen.add(r.code); found.set(r.code, { segments: [], values }); });
      if (seen.has('carry_forward')) break;
      continue;
    }
    // The row's own words first; then with the label-only line before it ("1.属于国家" above
    // "(三) 不予公开  0 0 …" above "秘密": a caption printed beside a wrapped item label).
    let r = identifyT3Row(label, seen, cont) ?? (before ? identifyT3Row(before + label, seen, cont) : null);
    // A caption line can carry the values while the row's own label sits on the next line(s)
    // ("三、本年度办理结果  0 96 7 …" then "（一）予以公开"): take the label-only row that follows.
    const next = raws[k + 1];
    if (!r && next && !next.values.some((v) => v.kind === 'num')) {
      r = identifyT3Row(rowLabelText(next), seen);
      if (r) k++;
    }
    if (!r) {
      if (raw.values.some((v) => v.kind === 'num')) warnings.push(`table 三: values after an unrecognised label "${label.slice(-30)}" were not read`);
      continue;
    }
    if (seen.has(r.code)) { warnings.push(`table 三: row ${r.zh} printed twice; the first is kept`); continue; }
    seen.add(r.code);
    found.set(r.code, raw);
    if (r.code === 'carry_forward') break;
  }
  const res: TableResult = { found: found.size > 0, values: {}, sources: {}, ambiguity: [], ambiguous: [], warnings };
  if (!found.size) return res;
  // No guess: a row not read is null, and the record names it (其他处理 is one row or three, by template).
  const split = T3_OTHER_SPLIT.some((c) => found.has(c));
  for (const r of T3_ROWS) {
    if (found.has(r.code)) continue;
    if (r.code === 'other_total' ? split : (T3_OTHER_SPLIT as readonly string[]).includes(r.code) && !split) continue;
    warnings.push(`table 三 row ${r.zh}: not found; its cells are null`);
  }

  const dropCol = subtotalColumn(headerText);
  const kinds = Array(T3_WIDTH).fill('count') as Array<'count'>;
  const perRow = new Map<string, Reading[]>();
  const blanks = new Map<string, boolean[]>();
  for (const [code, raw] of found) {
    const rr = rowReadings(raw.values, T3_WIDTH, kinds, ROW_SUM, dropCol);
    if (rr.warning) warnings.push(`table 三 row ${T3_ROW[code]!.zh}: ${rr.warning}`);
    if (rr.truncated) {
      // Too many ways to read this run: nothing in it is claimed.
      const paths = Array.from({ length: T3_WIDTH }, (_, i) => t3Path(code, i));
      res.values[code] = Array(T3_WIDTH).fill(null);
      res.sources[code] = Array(T3_WIDTH).fill(null);
      res.ambiguous.push(...paths);
      res.ambiguity.push({ run: numPieces(raw.values).map((n) => n.text).join(' '), cells: paths, candidates: [], resolved_by: 'not settled: too many possible splits to enumerate' });
      continue;
    }
    // (Not where the header prints a 小计 column: the cut row's cells would not be the template's columns.)
    const cut = !rr.readings.length && text !== undefined && dropCol === null ? cutRow(raw.values, text, T3_WIDTH) : null;
    if (cut) {
      warnings.push(`table 三 row ${T3_ROW[code]!.zh}: the text ends inside this row after ${cut.printed} of ${T3_WIDTH} cells; the cells printed keep their columns, the rest are null`);
      blanks.set(code, cut.blanks);
      perRow.set(code, [cut.reading]);
      continue;
    }
    if (!rr.readings.length) { warnings.push(`table 三 row ${T3_ROW[code]!.zh}: no readable values`); continue; }
    if (rr.blanks) { blanks.set(code, rr.blanks); }
    perRow.set(code, rr.readings);
  }
  // Rows read from separated cells (one reading) need no solving; blanks do not take part.
  const solvable = new Map([...perRow].filter(([c]) => !blanks.has(c)));
  const constraints = constraintsFor([...perRow.keys()]).filter((c) => c.terms.every((t) => solvable.has(t.row)));
  const solved = solveJoint(solvable, constraints);

  for (const [code, raw] of found) {
    const rs = perRow.get(code);
    if (!rs || res.values[code]) continue;
    const nums = raw.values.filter(isNum);
    const b = blanks.get(code);
    if (b) {
      const r = rs[0]!;
      res.values[code] = r.map((c, i) => (b[i] ? null : c.value));
      res.sources[code] = r.map((c, i) => (b[i] ? null : sourceOf(raw, nums, c)));
      continue;
    }
    const agreed = solved.agreed.get(code)!;
    const surv = solved.survivors.get(code)!;
    res.values[code] = agreed;
    const first = surv[0] ?? rs[0]!;
    res.sources[code] = first.map((c) => sourceOf(raw, nums, c));
    const open = agreed.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
    if (open.length) {
      const paths = open.map((i) => t3Path(code, i));
      res.ambiguous.push(...paths);
      res.ambiguity.push({
        run: numPieces(raw.values).map((n) => n.text).join(' '),
        cells: paths,
        candidates: surv.slice(0, 20).map((r) => open.map((i) => r[i]!.value)),
        resolved_by: solved.capped ? 'search capped: too many readings to enumerate' : undefined,
      });
    }
  }
  if (solved.used === 'rows-only' && constraints.length) warnings.push('table 三: no reading of the flattened runs satisfies the table arithmetic; rows read on their own (see failed checks)');
  if (T3_ROWS.some((r) => !res.values[r.code] || res.values[r.code]!.some((v) => v === null))) fillFromSequence(res, pieces);
  return res;
}

/**
 * Rows that label matching left unread, taken from the value stream when it is the whole grid (sequence.ts) and
 * agrees with every value already read; otherwise nothing changes.
 */
function fillFromSequence(res: TableResult, pieces: Piece[]): void {
  const g = sequenceGrid(pieces);
  if (!g) return;
  const amb = new Set(res.ambiguous);
  for (const [code, row] of Object.entries(res.values)) {
    const seq = g.values[code];
    if (!seq || row.some((v, i) => v !== null && v !== seq[i])) return;
  }
  const filled: string[] = [];
  for (const [code, seq] of Object.entries(g.values)) {
    const row = res.values[code] ?? Array(T3_WIDTH).fill(null);
    const src = res.sources[code] ?? Array(T3_WIDTH).fill(null);
    let n = 0;
    seq.forEach((v, i) => { if (row[i] === null && !amb.has(t3Path(code, i))) { row[i] = v; src[i] = g.sources[code]![i]!; n++; } });
    if (!n) continue;
    res.values[code] = row;
    res.sources[code] = src;
    filled.push(T3_ROW[code]!.zh);
  }
  if (!filled.length) return;
  const placed = new Set(Object.keys(g.values));
  // What label matching said of the rows now placed no longer holds; the values it could not place are placed now.
  res.warnings = res.warnings.filter((w) => !w.startsWith('table 三: values after an unrecognised label') && (!/^table 三 row /.test(w) || ![...placed].some((c) => w.startsWith(`table 三 row ${T3_ROW[c]!.zh}:`))));
  res.warnings.push(`table 三: ${filled.length} rows (${filled.join('、')}) placed by the grid's printed order — the labels drifted from their values (one token per line); all ${Object.keys(g.values).length} rows × 7 values are present, every row sum and column balance holds`);
}

const isNum = (v: Piece) => v.kind === 'num';

function numCount(values: Piece[]): number {
  let n = 0;
  for (const v of values) if (v.kind === 'num') n++;
  return n;
}

/** `nums`: the row's number pieces (raw.values filtered to kind num). */
function sourceOf(raw: RawRow, nums: Piece[], c: { piece: number; asStated: string }): CellSource {
  const p = nums[c.piece] ?? raw.values[c.piece]!;
  return { start: p.start, end: p.end, raw: printedOf(p), asStated: c.asStated };
}

/**
 * t3Constraints(present), shared between reports with the same rows (nearly all of them): the
 * constraints are only read (solve.ts), and building ~14 of them with ~20 terms each per report was
 * a visible share of the allocation.
 */
const constraintCache = new Map<string, readonly Constraint[]>();
function constraintsFor(present: string[]): readonly Constraint[] {
  const key = present.join('\n');
  let cs = constraintCache.get(key);
  if (!cs) {
    cs = t3Constraints(present);
    if (constraintCache.size < 256) constraintCache.set(key, cs);
  }
  return cs;
}

/** The table's own arithmetic as linear constraints over the rows present. */
export function t3Constraints(present: string[]): Constraint[] {
  const has = new Set(present);
  const out: Constraint[] = [];
  const split = T3_OTHER_SPLIT.some((c) => has.has(c));
  const results = T3_ROWS.filter((r) => r.result && has.has(r.code) && !(split && r.code === 'other_total')).map((r) => r.code);
  for (let col = 0; col < T3_WIDTH; col++) {
    if (['new', 'carried', 'total', 'carry_forward'].every((c) => has.has(c)))
      out.push({ name: `balance[${col}]`, terms: [{ row: 'new', col, coef: 1 }, { row: 'carried', col, coef: 1 }, { row: 'total', col, coef: -1 }, { row: 'carry_forward', col, coef: -1 }] });
    if (has.has('total') && results.length)
      out.push({ name: `results[${col}]`, terms: [...results.map((row) => ({ row, col, coef: 1 })), { row: 'total', col, coef: -1 }] });
  }
  return out;
}
