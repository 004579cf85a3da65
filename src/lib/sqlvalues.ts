/**
 * SQL result values as a reader sees them. DuckDB-WASM hands integers wider than 32 bits as bigint and
 * HUGEINT/DECIMAL as Arrow big numbers (whose toJSON wraps the digits in quotes — `sum()` showed as "18194").
 * A value becomes a JS number when that is exact, else its exact decimal digits as a string (never rounded).
 */
import { util } from 'apache-arrow';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer scaled by 10^-scale (a DECIMAL's unscaled value) → number when exact, else its digit string. */
export function exactNumber(i: bigint, scale = 0): number | string {
  if (scale <= 0) return i <= MAX && i >= -MAX ? Number(i) : i.toString();
  const neg = i < 0n;
  const digits = (neg ? -i : i).toString().padStart(scale + 1, '0');
  const text = `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  const short = text.replace(/0+$/, '').replace(/\.$/, '').replace(/^-0$/, '0');
  const n = Number(short);
  return String(n) === short ? n : short;
}

/** Is this Arrow type a number (so its column is right-aligned and its digit strings stay unquoted digits)? */
export function isNumericType(typeId: number): boolean {
  // Arrow Type ids: Int = 2, Float = 3, Decimal = 7
  return typeId === 2 || typeId === 3 || typeId === 7;
}

/** One cell of an Arrow result row as a plain value: number, exact digit string, string, boolean, Date or null. */
export function plainValue(v: unknown, scale = 0): unknown {
  if (v == null) return null;
  if (typeof v === 'bigint') return exactNumber(v, scale);
  if (typeof v === 'object' && !(v instanceof Date)) {
    // Arrow BigNum (HUGEINT, DECIMAL): its toString is the exact unscaled integer
    if ((v as any)[util.isArrowBigNumSymbol]) return exactNumber(BigInt(String(v)), scale);
    if (typeof (v as any).toJSON === 'function') return (v as any).toJSON();
    return String(v);
  }
  return v;
}

/** A value as a CSV field or table text: numbers and digit strings as plain digits, NULL as empty. */
export function cellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
