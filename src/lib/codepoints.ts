/**
 * Strings in code-point order, the order of their UTF-8 bytes: how Parquet statistics (min/max) compare strings.
 * A JavaScript `<` compares UTF-16 units, which orders characters past U+FFFF before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++; // both hold the same surrogate pair here
  }
  return a.length - b.length;
}
