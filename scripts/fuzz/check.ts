/**
 * Run one fuzz case in this process and test every invariant (invariants.ts) on its outcome.
 * The time budget is measured here (a case over budget is a 'timeout' violation); a real hang needs
 * the worker-thread budget of budget.ts, which run.ts uses.
 */
import { basename } from 'node:path';
import { extractBytes, type ExtractOutcome } from '../extract/file.ts';
import { readSource } from '../read/index.ts';
import { baseByName, buildCase, type FuzzCase } from './cases.ts';
import { numbersOf, outcomeViolations, type Violation } from './invariants.ts';

export interface CaseResult { violations: Violation[]; ms: number; outcome: ExtractOutcome | null }

/** The reader's text for a record's provenance (null if the reader now refuses: itself a violation). */
export async function sourceTextOf(bytes: Uint8Array, name: string): Promise<string | null> {
  try { return (await readSource(bytes, basename(name))).text; } catch { return null; }
}

const baseNumbers = new Map<string, Record<string, number | null> | null>();

/** The unedited base report's numbers (narrative cases compare against them). */
async function numbersOfBase(base: string): Promise<Record<string, number | null> | null> {
  if (!baseNumbers.has(base)) {
    const c = buildCase({ kind: 'narrative', base, muts: [] });
    const out = await extractBytes(c.bytes, c.name);
    baseNumbers.set(base, out.ok ? numbersOf(out.record) : null);
  }
  return baseNumbers.get(base)!;
}

export async function checkOutcome(c: FuzzCase, out: ExtractOutcome, sourceText: string | null): Promise<Violation[]> {
  const v = outcomeViolations(out, c.name, sourceText);
  if (c.spec.kind === 'narrative') {
    const want = await numbersOfBase(c.spec.base);
    if (want && !out.ok) v.push({ invariant: 'stable', detail: `a narrative-only edit made the report unreadable: ${out.reason}` });
    if (want && out.ok) {
      const got = numbersOf(out.record);
      const diff = [...new Set([...Object.keys(want), ...Object.keys(got)])].filter((k) => want[k] !== got[k]);
      if (diff.length) v.push({ invariant: 'stable', detail: `a narrative-only edit changed ${diff.length} numbers: ${diff.slice(0, 6).map((k) => `${k} ${want[k]} → ${got[k]}`).join(', ')}` });
    }
  }
  return v;
}

export async function runCase(c: FuzzCase, budgetMs: number): Promise<CaseResult> {
  const t0 = performance.now();
  let out: ExtractOutcome;
  try {
    out = await extractBytes(c.bytes, c.name);
  } catch (e) {
    return { violations: [{ invariant: 'boundary', detail: `extractBytes threw: ${String((e as Error)?.stack ?? e).split('\n').slice(0, 3).join(' | ')}` }], ms: performance.now() - t0, outcome: null };
  }
  const ms = performance.now() - t0;
  const v: Violation[] = [];
  if (ms > budgetMs) v.push({ invariant: 'timeout', detail: `extraction took ${Math.round(ms)} ms (budget ${budgetMs} ms)` });
  const text = out.ok ? await sourceTextOf(c.bytes, c.name) : null;
  v.push(...(await checkOutcome(c, out, text)));
  return { violations: v, ms, outcome: out };
}

export { baseByName };
