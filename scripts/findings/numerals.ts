/**
 * Numbers as reports write them: Arabic (full- or half-width, with thousands commas), Chinese numerals
 * (三, 十二, 一百零五, 两千三百), and the qualifiers that make a figure inexact (约/近/余/多/左右/以上, ranges 3-5).
 */

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** 一百零五 → 105, 十二 → 12, 两千三百 → 2300, 三万五千 → 35000, 二〇二三 → 2023 (digit-by-digit). null if not a numeral. */
export function parseChineseNumeral(s: string): number | null {
  if (!s || !/^[零〇一二两三四五六七八九十百千万亿]+$/.test(s)) return null;
  // Digit-by-digit form (二〇二三, 一二): no unit characters at all.
  if (!/[十百千万亿]/.test(s)) {
    if (s.length === 1) return DIGIT[s]!;
    let v = 0;
    for (const ch of s) v = v * 10 + DIGIT[ch]!;
    return v;
  }
  let total = 0; // completed 万/亿 sections
  let section = 0; // within the current 万 section
  let digit: number | null = null;
  let lastSmall = Infinity;
  for (const ch of s) {
    if (ch in DIGIT) {
      if (digit !== null && digit !== 0 && DIGIT[ch] !== 0) return null; // two digits in a row (三四) inside a unit numeral; 零 is a placeholder
      digit = DIGIT[ch]!;
    } else if (ch in SMALL_UNIT) {
      const u = SMALL_UNIT[ch]!;
      if (u >= lastSmall) return null; // 十百: malformed
      section += (digit ?? 1) * u; // 十二 = 1*10 + 2
      digit = null;
      lastSmall = u;
    } else {
      const u = BIG_UNIT[ch]!;
      section += digit ?? 0;
      if (section === 0) return null;
      total = (total + section) * u;
      section = 0;
      digit = null;
      lastSmall = Infinity;
    }
  }
  section += digit ?? 0;
  return total + section;
}

/** A number found in a sentence. */
export interface NumberToken {
  value: number;
  /** Offsets within the searched string: the numeral itself, then with qualifiers. */
  start: number;
  end: number;
  /** The printed text including qualifiers and range (e.g. "约30", "5500余", "3-5"). */
  text: string;
  /** False when the report gives an approximation or a range: such figures are never a contradiction. */
  exact: boolean;
  integer: boolean;
  /** Upper bound for a range (3-5 → value 3, upto 5). */
  upto?: number;
  form: 'arabic' | 'chinese';
}

const FW = /[０-９．]/g;
/** Full-width digits and punctuation to ASCII, one char for one char (offsets stay valid). */
export function halfWidth(s: string): string {
  return s.replace(FW, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const PRE_APPROX = /(约|近|大约|将近|接近|超过|超|逾|不足|不到|至少|多达|数)\s*$/;
const POST_APPROX = /^\s*(余|多|左右|以上|以下|上下|来)/;
const RANGE = /^\s*(-|－|—|–|~|～|至|到)\s*/;

// Arabic: 3,119 (ASCII comma + exactly 3 digits), 3.5, 1.2万. Chinese: a run of numeral characters.
const NUM_RE = /(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(万|亿)?|([零〇一二两三四五六七八九十百千万亿]+)/g;

/** Every number in `s` (after half-width folding), with exactness. Chinese numerals only count when `chinese` says so (they need a unit to be a figure). */
export function findNumbers(raw: string): NumberToken[] {
  const s = halfWidth(raw);
  const out: NumberToken[] = [];
  NUM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUM_RE.exec(s))) {
    let value: number | null;
    let form: 'arabic' | 'chinese';
    if (m[3] !== undefined) {
      value = parseChineseNumeral(m[3]);
      form = 'chinese';
    } else {
      value = Number(m[1]!.replace(/,/g, '')) * (m[2] === '万' ? 10_000 : m[2] === '亿' ? 100_000_000 : 1);
      form = 'arabic';
    }
    if (value === null || !Number.isFinite(value)) continue;
    let start = m.index;
    let end = m.index + m[0].length;
    let exact = true;
    let upto: number | undefined;
    const before = s.slice(Math.max(0, start - 4), start);
    const pre = PRE_APPROX.exec(before);
    // 数十件 is vague, 申请数3件 is not: 数 only qualifies a Chinese numeral.
    if (pre && !(pre[1] === '数' && form === 'arabic')) { exact = false; start -= pre[0].length; }
    if (form === 'arabic' && m[2]) exact = exact && Number.isInteger(Number(m[1]!.replace(/,/g, ''))); // 1.2万 is rounded
    // Range: 3-5件, 3至5件, 三到五件
    const after = s.slice(end);
    const r = RANGE.exec(after);
    if (r) {
      const rest = after.slice(r[0].length);
      const m2 = /^(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)/.exec(rest);
      if (m2) {
        const v2 = /^\d/.test(m2[1]!) ? Number(m2[1]) : parseChineseNumeral(m2[1]!);
        if (v2 !== null && v2 > value) {
          upto = v2;
          exact = false;
          end += r[0].length + m2[0].length;
          NUM_RE.lastIndex = end;
        }
      }
    }
    const post = POST_APPROX.exec(s.slice(end));
    if (post) { exact = false; end += post[0].length; }
    out.push({ value, start, end, text: raw.slice(start, end), exact, integer: Number.isInteger(value), upto, form });
  }
  return out;
}
