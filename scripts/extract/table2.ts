/**
 * Table 二 主动公开政府信息情况. The template is decided here, by the table's layout
 * (2019: 本年新制作数量 / 上一年项目数量 / 采购; 2021: 本年制发件数 / 现行有效件数 / 收费金额).
 */
import { t2ExtraPath, t2Path } from '../template/cell-path.ts';
import { T2_2019_ROWS, T2_DOC_KINDS, T2_SINGLE, type TemplateId } from '../template/vocabulary.ts';
import type { Ambiguity, Cell, T2 } from '../template/record.ts';
import { printedOf, type Piece } from '../text/pieces.ts';
import { compact } from '../text/normalise.ts';
import { rawRows, rowLabelText, leadingContinuation, lcs, isSentence, type RawRow } from './rows.ts';
import { rowCells, rowReadings, type CellSource } from './table3.ts';
import type { CellKind } from './split.ts';

const MARKS_2019 = [/本年新制作/, /本年新公开/, /对外公开总数/, /上一年项目数/, /对外管理服务/, /集中采购/, /采购总金额/];
const MARKS_2021 = [/本年制发/, /本年(废|度)?止件数/, /现行有效/, /收费金额/, /本年处理决定数量/];

export function detectT2Template(regionText: string): TemplateId | null {
  const c = compact(regionText);
  const a = MARKS_2019.filter((re) => re.test(c)).length;
  const b = MARKS_2021.filter((re) => re.test(c)).length;
  if (!a && !b) return null;
  return a > b ? '2019' : '2021';
}

export interface T2Result {
  found: boolean;
  template: TemplateId | null;
  t2: T2;
  extra: Record<string, number | string | null> | undefined;
  /** Cell path → where it came from. */
  sources: Record<string, CellSource>;
  ambiguity: Ambiguity[];
  ambiguous: string[];
  warnings: string[];
}

interface RowSpec { code: string; match: readonly RegExp[]; kinds: CellKind[]; paths: string[] }

function specs(template: TemplateId): RowSpec[] {
  if (template === '2021') {
    return [
      ...T2_DOC_KINDS.map((d) => ({ code: d.code, match: d.match, kinds: ['count', 'count', 'count'] as CellKind[], paths: [t2Path(d.code, 'made'), t2Path(d.code, 'repealed'), t2Path(d.code, 'valid')] })),
      ...T2_SINGLE.map((s) => ({ code: s.code, match: s.match, kinds: [s.code === 'fees' ? 'amount' : 'count'] as CellKind[], paths: [t2Path(s.code)] })),
    ];
  }
  return T2_2019_ROWS.map((r) => ({
    code: r.code,
    match: r.match,
    kinds: (r.code === 'procurement' ? ['count', 'amount'] : r.code === 'regulations' || r.code === 'normative' ? ['count', 'count', 'count'] : r.cols.map((c) => (c.endsWith('_change') ? 'delta' : 'count'))) as CellKind[],
    paths: r.cols.map((c) => (c === 'made' ? t2Path(r.code, 'made') : t2ExtraPath(c))),
  }));
}

const CANON: Record<string, string> = {
  regulations: '规章', normative: '规范性文件', licensing: '行政许可', other_mgmt_services: '其他对外管理服务事项',
  punishment: '行政处罚', coercion: '行政强制', fees: '行政事业性收费', procurement: '政府集中采购',
};

/**
 * Which row a label names. Headers and captions run into the same buffer, so a pattern match
 * nearest the values wins; a wrapped label ("其他对外管理服" … "务事项") is recognised by holding
 * ≥ 70% of the row's name in order, its tail taken from the start of the next row.
 */
/** A row pattern without its ^, global: where it matches anywhere in a label (built once per pattern). */
const unanchored = new Map<RegExp, RegExp>();
function anywhere(re: RegExp): RegExp {
  let g = unanchored.get(re);
  if (!g) { g = new RegExp(re.source.replace(/^\^/, ''), 'g'); unanchored.set(re, g); }
  return g;
}

function identify(label: string, rows: RowSpec[], seen: Set<string>): RowSpec | null {
  let best: { spec: RowSpec; score: number } | null = null;
  for (const spec of rows) {
    if (seen.has(spec.code)) continue;
    let at = -1;
    for (const re of spec.match) {
      const g = anywhere(re);
      g.lastIndex = 0;
      for (let m = g.exec(label); m; m = g.exec(label)) {
        at = Math.max(at, m.index);
        if (m[0] === '') g.lastIndex++; // as matchAll does for an empty match
      }
    }
    const c = CANON[spec.code] ?? spec.code;
    // The in-order score only counts when no pattern matched.
    const m = at < 0 ? lcs(c, label.slice(-40)) : 0;
    if (at < 0 && !(c.length >= 4 && m / c.length >= 0.7)) continue;
    const score = at >= 0 ? 1000 + at : m;
    if (!best || score > best.score) best = { spec, score };
  }
  return best?.spec ?? null;
}

/**
 * The label of the next row when it is glued to this row's last number, names no row, is no caption or sentence, and
 * is followed by numbers (a word between two cells the reader does not know); else null.
 */
function gluedStray(raw: RawRow, next: RawRow | undefined, rows: RowSpec[]): string | null {
  const last = raw.values[raw.values.length - 1];
  const first = next?.segments[0];
  if (!next || !last || last.kind !== 'num' || !first || first.start !== last.end) return null;
  if (!next.values.some((v) => v.kind === 'num')) return null;
  const label = rowLabelText(next);
  if (/第二十条|信息内容/.test(label) || isSentence(label) || identify(withoutRemarks(label), rows, new Set()) || identify(label, rows, new Set())) return null;
  return label.slice(0, 20);
}

/** The label's text after the last place it names the row (null when only the in-order score named it). */
function tailAfterName(label: string, spec: RowSpec): string | null {
  let end = -1;
  for (const re of spec.match) {
    const g = anywhere(re);
    g.lastIndex = 0;
    for (let m = g.exec(label); m; m = g.exec(label)) {
      end = Math.max(end, m.index + m[0].length);
      if (m[0] === '') g.lastIndex++;
    }
  }
  return end < 0 ? null : label.slice(end);
}

/** A label without its bracketed remarks (instructions such as (指2019年事项数)); brackets of either width. */
function withoutRemarks(label: string): string {
  let out = label;
  for (let prev = ''; prev !== out;) { prev = out; out = out.replace(/[(（][^()（）]*[)）]/g, ''); }
  return out;
}

/** What a 2019 header prints between 上一年项目数量 and 处理决定数量 (or the row name), or null when it prints no header. */
function middleColumnHead(label: string): string | null {
  const m = compact(label).match(/上一年项目数量?(.{1,12}?)(?:处理决定数量|行政|其他对外|$)/);
  return m ? m[1]! : null;
}
/** A header of the change column, whole or cut (本年增/减, 本年增减, 本年增/). */
const CHANGE_HEAD = /增|减/;

const emptyT2 = (): T2 => ({
  regulations: { made: null, repealed: null, valid: null },
  normative: { made: null, repealed: null, valid: null },
  licensing: null, punishment: null, coercion: null, fees: null,
});

export function extractTable2(pieces: Piece[], regionText: string, fallback: TemplateId | null): T2Result {
  const template = detectT2Template(regionText) ?? fallback;
  const res: T2Result = { found: false, template, t2: emptyT2(), extra: undefined, sources: {}, ambiguity: [], ambiguous: [], warnings: [] };
  if (!template) return res;
  const rows = specs(template);
  const seen = new Set<string>();
  const values = new Map<string, Cell>();
  const stated = new Map<string, string>();
  const raws = rawRows(pieces);
  // The 2019 blocks' middle column as its header prints it (本年增/减, or another word such as 本年数量).
  let middleHead: string | null = null;
  for (let k = 0; k < raws.length; k++) {
    const raw = raws[k]!;
    // A block's header is printed before its first row: in that row's label, or on a row of its own.
    const head = template === '2019' ? middleColumnHead(rowLabelText(raw)) : null;
    if (head !== null) middleHead = head;
    if (!raw.values.some((v) => v.kind === 'num' || v.kind === 'blank')) continue;
    // t2 labels carry no numbering, so the next row's start is only borrowed when this label alone names nothing,
    // and only as a wrapped tail: text that names a row on its own is the next row's label, and borrowing it would
    // give this row's values to that row (a row printed with its label blank).
    const label = rowLabelText(raw);
    const cont = leadingContinuation(raws[k + 1]);
    // A remark in brackets is not the row's name: 其他对外管理服务事项(…含行政处罚、行政强制…) names 其他对外管理服务事项.
    const named = withoutRemarks(label);
    const spec = (named !== label ? identify(named, rows, seen) : null) ?? identify(label, rows, seen) ??
      (cont && !identify(cont, rows, seen) ? identify(label + cont, rows, seen) : null);
    if (!spec) {
      // (A sentence of the narrative between the tables is not a row: 2019年主动公开政府信息 514 条.)
      if (raw.values.some((v) => v.kind === 'num') && !/[,，。;；]|主动公开|累计/.test(label)) res.warnings.push(`table 二: values after an unrecognised label "${label.slice(-30)}" were not read`);
      continue;
    }
    // The numbers after a sentence are the sentence's (…行政事业性收费0 + 2025年，我局…公开政府信息395条): a row's
    // values follow its own name, and a narrative between them ends the table.
    const tail = tailAfterName(named, spec);
    if (tail !== null && isSentence(tail)) {
      res.warnings.push(`table 二 row ${CANON[spec.code] ?? spec.code}: the numbers after its label follow a sentence ("${tail.slice(0, 20)}…"), not read`);
      continue;
    }
    seen.add(spec.code);
    const width = spec.kinds.length;
    const rr = rowReadings(raw.values, width, spec.kinds, [], null);
    if (rr.warning) res.warnings.push(`table 二 row ${spec.code}: ${rr.warning}`);
    const rs = rr.readings;
    // A row of a table, even one whose values cannot be placed, is the table; a narrative sentence that names a row
    // and holds numbers between its words (…。本年度行政规范性文件发布0条,废止数量0条…) is not.
    // (The text is normalised: a sentence's 。 is a "." before a word.)
    const tableRow = !/[。，,；;]|\.(?!\d)/.test(named);
    if (rs.length || rr.truncated || tableRow) res.found = true;
    // A run cut into cells ends where the row ends. When the text glues words the template does not know and more
    // numbers to it (16减12 before 减 was read as a sign), those numbers may be this row's cells: the cut is not fixed.
    const stray = rs.length && rs.some((r) => r.some((c, i) => i > 0 && r[i - 1]!.piece === c.piece)) ? gluedStray(raw, raws[k + 1], rows) : null;
    if (stray) {
      res.found = true;
      spec.paths.forEach((p) => values.set(p, null));
      res.warnings.push(`table 二 row ${CANON[spec.code] ?? spec.code}: its run is followed at once by "${stray}" and more numbers, so where the row ends is not fixed; its cells are null`);
      continue;
    }
    if (!rs.length) {
      spec.paths.forEach((p) => values.set(p, null));
      if (!rr.truncated) res.warnings.push(`table 二 row ${CANON[spec.code] ?? spec.code}: no readable values`);
      // A table row that prints values no column can take (行政许可 | 0 | ||| for three cells): its cells are undecided.
      const printed = raw.values.filter((v) => v.kind === 'num');
      if (!rr.truncated && tableRow && printed.length) {
        res.ambiguous.push(...spec.paths);
        res.ambiguity.push({ run: printed.map((n) => printedOf(n)).join(' '), cells: [...spec.paths], candidates: [], resolved_by: `not settled: ${printed.length} value${printed.length > 1 ? 's' : ''} printed for ${width} cells, no column fixed` });
      }
      continue;
    }
    const nums = raw.values.filter((v) => v.kind === 'num');
    for (let i = 0; i < width; i++) {
      const path = spec.paths[i]!;
      const same = rs.every((r) => r[i]!.value === rs[0]![i]!.value || (Number.isNaN(r[i]!.value) && Number.isNaN(rs[0]![i]!.value)));
      const blank = rr.blanks?.[i] ?? false;
      // A middle column headed 本年数量 holds this year's count, not the change the template's 本年增/减 asks for.
      if (path.endsWith('_change') && middleHead !== null && !CHANGE_HEAD.test(middleHead) && !blank && same) {
        values.set(path, null);
        res.warnings.push(`table 二 row ${CANON[spec.code] ?? spec.code}: its middle column is headed ${middleHead}, not 本年增/减, so its value ${printedOf(nums[rs[0]![i]!.piece] ?? raw.values[0]!)} is not the change; 本年增/减 left null`);
        continue;
      }
      const v = blank ? null : same ? rs[0]![i]!.value : null;
      values.set(path, v);
      if (same && !blank) {
        stated.set(path, rs[0]![i]!.asStated);
        const p = rr.blanks ? rowCells(raw.values, width)[i]! : nums[rs[0]![i]!.piece]!;
        res.sources[path] = { start: p.start, end: p.end, raw: printedOf(p), asStated: rs[0]![i]!.asStated };
      }
    }
    const open = spec.paths.filter((p) => values.get(p) === null && !(rr.blanks?.[spec.paths.indexOf(p)] ?? false));
    if (open.length && rs.length > 1) {
      res.ambiguous.push(...open);
      res.ambiguity.push({ run: nums.map((n) => printedOf(n)).join(' '), cells: open, candidates: rs.slice(0, 20).map((r) => open.map((p) => r[spec.paths.indexOf(p)]!.value)) });
    }
    // Keep the printed run of an unsettled procurement cell (its text names the unit).
    if (spec.code === 'procurement' && open.length) stated.set('t2_extra.procurement_run_as_stated', nums.map((n) => printedOf(n)).join(''));
  }
  // A caption's block that holds one row only: its values are that row's, in whatever order the label was printed.
  for (const b of singleRowBlocks(pieces, rows)) {
    if (seen.has(b.spec.code)) continue;
    seen.add(b.spec.code);
    res.found = true;
    b.spec.paths.forEach((path, i) => {
      const p = b.nums[i]!;
      values.set(path, Number(p.text));
      stated.set(path, printedOf(p));
      res.sources[path] = { start: p.start, end: p.end, raw: printedOf(p), asStated: printedOf(p) };
    });
    res.warnings.push(`table 二 row ${CANON[b.spec.code] ?? b.spec.code}: its value${b.nums.length > 1 ? 's' : ''} printed before its label (one token per line); read as the only row of its 第二十条 block`);
  }
  // No guess: a row not read is null, and the record names it.
  if (res.found) for (const spec of rows) if (!seen.has(spec.code)) res.warnings.push(`table 二 row ${CANON[spec.code] ?? spec.code}: not found; its cells are null`);
  const get = (p: string): Cell => values.get(p) ?? null;
  res.t2 = {
    regulations: { made: get('t2.regulations.made'), repealed: get('t2.regulations.repealed'), valid: get('t2.regulations.valid') },
    normative: { made: get('t2.normative.made'), repealed: get('t2.normative.repealed'), valid: get('t2.normative.valid') },
    licensing: template === '2021' ? get('t2.licensing') : get('t2_extra.licensing_decisions'),
    punishment: template === '2021' ? get('t2.punishment') : get('t2_extra.punishment_decisions'),
    coercion: template === '2021' ? get('t2.coercion') : get('t2_extra.coercion_decisions'),
    fees: template === '2021' ? get('t2.fees') : null,
  };
  if (template === '2019') {
    res.extra = extra2019(get, stated, regionText, res.ambiguous);
    // t2.licensing/punishment/coercion are the 2019 处理决定数量 cells under another name.
    for (const k of ['licensing', 'punishment', 'coercion']) if (res.ambiguous.includes(t2ExtraPath(`${k}_decisions`))) res.ambiguous.push(t2Path(k));
  }
  return res;
}

/**
 * Blocks of table 二 (from one 第二十条 caption to the next) whose labels name exactly one row and whose numbers are
 * exactly that row's cells, each a separate number: plain pdftotext can print such a row's value before its label
 * (本年收费金额（单位：万元） / 0 / 行政事业性收费), and the block alone then fixes its row and column.
 */
const T2_HEADER_WORDS = /^(?:信息内容|本年(?:度)?收费金额|单位|万元|本年处理决定数量|处理决定数量|上一年项目数量|上一年|项目数量|本年增\/?减量?|本年增减|数量|量|[()（）:：\s])+$/;

function singleRowBlocks(pieces: Piece[], rows: RowSpec[]): Array<{ spec: RowSpec; nums: Piece[] }> {
  const out: Array<{ spec: RowSpec; nums: Piece[] }> = [];
  let block: Piece[] = [];
  const close = () => {
    const named = new Set<RowSpec>();
    let other = false; // a label that is neither the caption, a header word nor a row: the block is not understood
    for (const p of block) {
      if (p.kind !== 'label' || /第二十条/.test(p.text)) continue;
      const r = identify(compact(withoutRemarks(p.text)), rows, new Set());
      if (r) named.add(r);
      else if (!T2_HEADER_WORDS.test(compact(p.text))) other = true;
    }
    const nums = block.filter((p) => p.kind === 'num');
    const blanks = block.some((p) => p.kind === 'blank');
    const [spec] = [...named];
    if (named.size === 1 && !other && !blanks && nums.length === spec!.kinds.length && nums.every((p) => p.sep !== 'none' && p.own)) out.push({ spec: spec!, nums });
    block = [];
  };
  for (const p of pieces) {
    if (p.kind === 'label' && /第二十条/.test(p.text)) close();
    block.push(p);
  }
  close();
  return out;
}

function extra2019(get: (p: string) => Cell, stated: Map<string, string>, regionText: string, ambiguous: string[]): Record<string, number | string | null> {
  const e: Record<string, number | string | null> = {};
  for (const r of T2_2019_ROWS) {
    for (const c of r.cols) {
      if (c === 'made') continue;
      const path = t2ExtraPath(c);
      e[c] = get(path);
      const s = stated.get(path);
      // Keep the printed text where it says more than the number (a sign, a unit).
      if (s !== undefined && c.endsWith('_change') && /^[+\-增减]/.test(s)) e[`${c}_as_stated`] = s;
      // An unsettled signed cell: its printed text is as unsettled as its value.
      if (s === undefined && c.endsWith('_change') && ambiguous.includes(path)) e[`${c}_as_stated`] = null;
      if (s !== undefined && c === 'procurement_items' && /\D/.test(s)) e.procurement_items_as_stated = s;
    }
  }
  // made/new/total published for 规章 and 规范性文件
  e.regulations_new_published = get('t2_extra.regulations_new_published');
  e.regulations_total_published = get('t2_extra.regulations_total_published');
  e.normative_new_published = get('t2_extra.normative_new_published');
  e.normative_total_published = get('t2_extra.normative_total_published');
  const amountStated = stated.get('t2_extra.procurement_total_amount') ?? null;
  e.procurement_total_amount_as_stated = amountStated;
  const run = stated.get('t2_extra.procurement_run_as_stated');
  const unitText = amountStated ?? run ?? '';
  // The unit is printed with the amount, in the column header (采购总金额(万元)) or in the row label (政府集中采购（元）).
  const unit = /万元/.test(unitText) ? '万元' : /元/.test(unitText) ? '元' : /采购总金额[^0-9]{0,4}\(?(万元|元)|集中采购[(（](万元|元)[)）]/.test(compact(regionText)) ? RegExp.$1 || RegExp.$2 : null;
  e.procurement_amount_unit = unit;
  if (run) e.procurement_run_as_stated = run;
  return e;
}
