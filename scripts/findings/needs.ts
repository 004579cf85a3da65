/**
 * A corpus rule that asks for reports one at a time (see copyPaste in copypaste.ts), and the two drivers that answer
 * it: from memory, or by loading each report from disk.
 */
import type { FindingInput } from './types.ts';

/**
 * The rule as a generator: it yields the index (into keys) of each report whose full input it needs and is
 * resumed with that input — so one implementation runs over records in memory (runSync) or over corpus digests
 * with reports loaded from disk (runAsync).
 */
export type Needs<T> = Generator<number, T, FindingInput>;

/** Drive a rule that needs reports: each request answered from memory. */
export function runSync<T>(g: Needs<T>, get: (i: number) => FindingInput): T {
  let r = g.next();
  while (!r.done) r = g.next(get(r.value));
  return r.value;
}

/** Drive a rule that needs reports: each request answered by an asynchronous load (one at a time). */
export async function runAsync<T>(g: Needs<T>, get: (i: number) => Promise<FindingInput>): Promise<T> {
  let r = g.next();
  while (!r.done) r = g.next(await get(r.value));
  return r.value;
}
