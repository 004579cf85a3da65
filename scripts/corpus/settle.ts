/**
 * Cross-year settling (pure): a flattened run that a report's own arithmetic could not split (its candidates are in
 * the record's `ambiguity`) is settled when the same agency's adjacent-year report pins exactly one candidate through
 * the links between consecutive years (the rules of crossyear.ts):
 * - 现行有效 (2021 template, 规章 and 行政规范性文件): this year's = last year's 现行有效 + 本年制发 − 本年废止;
 * - 上年结转 (per t3 column): this year's = last year's 结转下年度.
 * Every candidate already satisfies the report's own arithmetic (the solver kept only those), so the one left still
 * does. Two or more surviving candidates settle nothing; none surviving (the years disagree whatever the split) settles
 * nothing either. A settled run narrows what its neighbours may be, so settling repeats until nothing changes.
 * Agencies are matched by agency key; a year with two reports of one agency is left out (which one links is unknown).
 */
import { type CellAddress, isDocCell, parseCellPath, t2Path, t3Path } from '../template/cell-path.ts';
import type { Cell } from '../template/record.ts';
import { T2_DOC_KINDS, T3_COLUMNS } from '../template/vocabulary.ts';
import { agencyKey } from './agency-key.ts';

type Docs = { made: Cell; repealed: Cell; valid: Cell };
export interface SettleAmbiguity { run: string; cells: string[]; candidates: Cell[][] }
export interface SettleEntry {
  id: string; agency: string; year: number; template: string | null;
  regulations: Docs; normative: Docs; carried: Cell[]; carry_forward: Cell[];
  /** The report's unsettled runs that touch a cell linked across years (linkedAmbiguity). */
  ambiguity: SettleAmbiguity[];
}
export interface Settlement {
  id: string; run: string; cells: string[]; values: Cell[];
  /** The adjacent-year report(s) whose values ruled the other candidates out. */
  by: string[];
  /** The candidates the report's own arithmetic left. */
  candidates: Cell[][];
  detail: string;
}

/** Cell paths a cross-year rule links to another year's report. */
export function isLinked(path: string): boolean {
  return linked(parseCellPath(path)) !== null;
}

/** The linked cell an address names (a 规章 / 规范性文件 count, or a 上年结转 / 结转下年度 column), or null. */
function linked(a: CellAddress | null): { doc: 'regulations' | 'normative'; field: keyof Docs } | { carry: 'carried' | 'carry_forward'; col: number } | null {
  if (!a) return null;
  if (isDocCell(a)) return { doc: a.row, field: a.field };
  if (a.table === 't3' && (a.row === 'carried' || a.row === 'carry_forward')) return { carry: a.row, col: a.col };
  return null;
}

/** The runs of a record worth settling across years: candidates to choose from, and a linked cell among their cells. */
export function linkedAmbiguity(amb: Array<{ run: string; cells: string[]; candidates: Cell[][] }> | undefined): SettleAmbiguity[] {
  return (amb ?? []).filter((a) => a.candidates.length > 1 && a.cells.some(isLinked)).map((a) => ({ run: a.run, cells: a.cells, candidates: a.candidates }));
}

/** The possible values of one cell of a report: what it states, the values its run's live candidates give, or null (blank: a rule does not apply). */
type Domain = number[] | null;

interface Node {
  e: SettleEntry;
  /** Per ambiguity: the indexes of candidates still possible (all, or the one settled). */
  live: number[][];
}

function known(e: SettleEntry, path: string): Cell {
  const l = linked(parseCellPath(path));
  if (!l) return null;
  return 'doc' in l ? e[l.doc][l.field] : e[l.carry][l.col] ?? null;
}

/** The domain of `path` in node n, with ambiguity `fix` (of n) fixed to candidate `cand`. */
function domain(n: Node, path: string, fix?: { a: number; cand: number }): Domain {
  for (let a = 0; a < n.e.ambiguity.length; a++) {
    const amb = n.e.ambiguity[a]!;
    const at = amb.cells.indexOf(path);
    if (at < 0) continue;
    const idx = fix && fix.a === a ? [fix.cand] : n.live[a]!;
    const vals = idx.map((i) => amb.candidates[i]![at]).filter((v): v is number => typeof v === 'number');
    return vals.length ? [...new Set(vals)] : null;
  }
  const v = known(n.e, path);
  return v === null ? null : [v];
}

/** A rule between two reports: cells of each and the equation they satisfy. */
interface Link { cur: Node; prev: Node; test: (d: (side: 'cur' | 'prev', path: string) => Domain) => boolean | null; paths: { cur: string[]; prev: string[] }; say: string }

function anyOf(doms: Domain[], ok: (v: number[]) => boolean): boolean | null {
  if (doms.some((d) => d === null)) return null; // a blank cell: the rule does not apply
  const pick = (i: number, acc: number[]): boolean => (i === doms.length ? ok(acc) : doms[i]!.some((v) => pick(i + 1, [...acc, v])));
  return pick(0, []);
}

function linksBetween(prev: Node, cur: Node): Link[] {
  const links: Link[] = [];
  T3_COLUMNS.forEach((col, i) => {
    const c = t3Path('carried', i), p = t3Path('carry_forward', i);
    links.push({ cur, prev, paths: { cur: [c], prev: [p] }, say: `上年结转（${col.zh}）= ${prev.e.year}年 结转下年度`,
      test: (d) => anyOf([d('cur', c), d('prev', p)], ([a, b]) => a === b) });
  });
  if (cur.e.template === '2021' && prev.e.template === '2021') {
    for (const k of T2_DOC_KINDS) {
      const v = t2Path(k.code, 'valid'), m = t2Path(k.code, 'made'), r = t2Path(k.code, 'repealed');
      links.push({ cur, prev, paths: { cur: [v, m, r], prev: [v] }, say: `${k.zh} 现行有效 = ${prev.e.year}年 现行有效 + 本年制发 − 本年废止`,
        test: (d) => anyOf([d('cur', v), d('prev', v), d('cur', m), d('cur', r)], ([cv, pv, cm, cr]) => cv === pv! + cm! - cr!) });
    }
  }
  return links;
}

export function settleCrossYear(entries: SettleEntry[]): Settlement[] {
  const groups = new Map<string, SettleEntry[]>();
  for (const e of entries) {
    const k = agencyKey(e.agency);
    const g = groups.get(k);
    if (g) g.push(e); else groups.set(k, [e]);
  }
  const out: Settlement[] = [];
  for (const group of groups.values()) {
    if (!group.some((e) => e.ambiguity.length)) continue;
    const perYear = new Map<number, SettleEntry[]>();
    for (const e of group) perYear.set(e.year, [...(perYear.get(e.year) ?? []), e]);
    const nodes = new Map<number, Node>();
    for (const [y, es] of perYear) if (es.length === 1) nodes.set(y, { e: es[0]!, live: es[0]!.ambiguity.map((a) => a.candidates.map((_, i) => i)) });
    const links: Link[] = [];
    for (const [y, cur] of nodes) { const prev = nodes.get(y - 1); if (prev) links.push(...linksBetween(prev, cur)); }
    const settled = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const n of nodes.values()) {
        n.e.ambiguity.forEach((amb, a) => {
          const key = `${n.e.id}#${a}`;
          if (settled.has(key)) return;
          const mine = links.filter((l) => (l.cur === n && l.paths.cur.some((p) => amb.cells.includes(p))) || (l.prev === n && l.paths.prev.some((p) => amb.cells.includes(p))));
          if (!mine.length) return;
          const by = new Set<string>(), says = new Set<string>();
          const survivors = n.live[a]!.filter((cand) => mine.every((l) => {
            const side: 'cur' | 'prev' = l.cur === n ? 'cur' : 'prev';
            const ok = l.test((s, path) => (s === side ? domain(n, path, { a, cand }) : domain(s === 'cur' ? l.cur : l.prev, path)));
            if (ok === false) { const other = side === 'cur' ? l.prev : l.cur; by.add(other.e.id); says.add(`${l.say}（${other.e.year}年报告 ${other.e.id}）`); }
            return ok !== false;
          }));
          if (survivors.length !== 1 || amb.candidates.length < 2) return;
          n.live[a] = survivors;
          settled.add(key);
          changed = true;
          const values = amb.candidates[survivors[0]!]!;
          out.push({
            id: n.e.id, run: amb.run, cells: amb.cells, values, by: [...by].sort(), candidates: amb.candidates,
            detail: `「${amb.run}」有 ${amb.candidates.length} 种拆分；按 ${[...says].join('；')} 只剩一种：${amb.cells.map((c, i) => `${c} = ${values[i]}`).join('，')}`,
          });
        });
      }
    }
  }
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : x.run < y.run ? -1 : 1));
}

/** A settlement's values written into an entry (so the cross-year checks see them). */
export function applyToEntry<T extends Pick<SettleEntry, 'regulations' | 'normative' | 'carried' | 'carry_forward'>>(e: T, s: Settlement): void {
  s.cells.forEach((path, i) => {
    const v = s.values[i] ?? null;
    const l = linked(parseCellPath(path));
    if (!l) return;
    if ('doc' in l) e[l.doc][l.field] = v;
    else e[l.carry][l.col] = v;
  });
}

/**
 * What settling needs of a record (tests, and anything holding records rather than staged summaries). A record
 * without an agency or a year has no series to settle against, so it is refused here rather than guessed.
 */
export function entryFromRecord(id: string, rec: { agency: string | null; year: number | null; template: string | null; t2: { regulations: Docs; normative: Docs }; t3: Record<string, Cell[]>; ambiguity?: SettleAmbiguity[] }): SettleEntry {
  if (rec.agency === null || rec.year === null) throw new Error(`${id}: no agency or year, so no adjacent year to settle by`);
  const t3 = (c: string) => Array.from({ length: T3_COLUMNS.length }, (_, i) => rec.t3?.[c]?.[i] ?? null);
  return {
    id, agency: rec.agency, year: rec.year, template: rec.template,
    regulations: { ...rec.t2.regulations }, normative: { ...rec.t2.normative },
    carried: t3('carried'), carry_forward: t3('carry_forward'), ambiguity: linkedAmbiguity(rec.ambiguity),
  };
}
