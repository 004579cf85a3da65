/**
 * The same report given twice (pure). Identical bytes share an id and are settled by path order in
 * files; this module finds the other kind: different files (e.g. the .txt dump and the .html page of one
 * report) that carry the same agency, year, template and numbers.
 *
 * "Same numbers": every cell stated in both is equal, and the cells stated in both cover at least 90 % of
 * the cells stated in the sparser copy and half of those in the denser one (a few blank or unsettled cells
 * in one copy do not make it a different report; a copy that states almost nothing is not matched on its blanks). Within a group the copy that
 * states the most (then: fewest ambiguous cells, then path order) is published; each other copy is a
 * duplicate of the first published copy it matches.
 */
import type { Summary } from './rows.ts';

export interface Duplicate { id: string; of: string; reason: string }
export type DedupeEntry = Pick<Summary, 'id' | 'file' | 'agency' | 'year' | 'template' | 'numbers' | 'stated' | 'ambiguous'>;

export const MIN_OVERLAP = 0.9;
export const MIN_OVERLAP_DENSE = 0.5;

export function normAgency(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

export function groupKey(e: Pick<Summary, 'agency' | 'year' | 'template'> & { id?: string }): string {
  // Reports whose agency is unknown are never each other's copies for sharing a blank name (two townships' all-zero tables).
  if (!normAgency(e.agency ?? '')) return `\u0001${e.id ?? ''}`;
  return `${normAgency(e.agency)}\u0000${e.year}\u0000${e.template}`;
}

/** null when compatible numbers could not be established; else the number of cells stated in both. */
export function sameNumbers(a: DedupeEntry['numbers'], b: DedupeEntry['numbers']): number | null {
  if (a.length !== b.length) return null;
  let both = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x !== null && x !== undefined) sa++;
    if (y !== null && y !== undefined) sb++;
    if (x === null || x === undefined || y === null || y === undefined) continue;
    if (x !== y) return null;
    both++;
  }
  if (both === 0 || both < MIN_OVERLAP * Math.min(sa, sb) || both < MIN_OVERLAP_DENSE * Math.max(sa, sb)) return null;
  return both;
}

export function rank(a: DedupeEntry, b: DedupeEntry): number {
  return b.stated - a.stated || a.ambiguous - b.ambiguous || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Duplicates within one group (same agency/year/template). */
export function dedupeGroup(group: DedupeEntry[]): Duplicate[] {
  const sorted = [...group].sort(rank);
  const kept: DedupeEntry[] = [];
  const out: Duplicate[] = [];
  for (const e of sorted) {
    const match = kept.find((k) => sameNumbers(k.numbers, e.numbers) !== null);
    if (!match) { kept.push(e); continue; }
    const nulls = e.numbers.filter((v) => v === null).length - match.numbers.filter((v) => v === null).length;
    out.push({
      id: e.id, of: match.id,
      reason: `same report as ${match.file} (${match.id}): same agency, year and numbers` +
        (nulls > 0 ? `; this copy leaves ${nulls} more cell(s) blank or unsettled` : ''),
    });
  }
  return out;
}

export function findDuplicates(entries: DedupeEntry[]): Duplicate[] {
  const groups = new Map<string, DedupeEntry[]>();
  for (const e of entries) {
    const k = groupKey(e);
    const g = groups.get(k);
    if (g) g.push(e); else groups.set(k, [e]);
  }
  const out: Duplicate[] = [];
  for (const g of groups.values()) if (g.length > 1) out.push(...dedupeGroup(g));
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
