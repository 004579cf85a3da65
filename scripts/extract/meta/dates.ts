/**
 * Years and dates as reports print them: 2023 / 二〇二三, 2023-01-09 / 2023年1月9日 / 二〇二四年一月十九日,
 * and the signature date standing alone near the end.
 */
import { fold } from './spans.ts';

export const CN_DIGIT: Record<string, number> = { 〇: 0, '○': 0, 零: 0, Ｏ: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_YEAR = '[〇○零一二三四五六七八九]{4}';
export const YEAR = `(\\d{4}|${CN_YEAR})`;
const CN_SMALL = '[一二三四五六七八九十]{1,3}';
export const DATE = new RegExp(`${YEAR}\\s*年\\s*(\\d{1,2}|${CN_SMALL})\\s*月\\s*(\\d{1,2}|${CN_SMALL})\\s*日`);

export const YEAR_NIAN = new RegExp(`${YEAR}\\s*年`);
/** The report named in its own text: 编制2023年度政府信息公开年度报告 / 2023年政府信息公开工作年度报告. */
export const REPORT_YEAR = new RegExp(
  `${YEAR}\\s*年度?\\s*(?:政府|政务)?\\s*信息公开\\s*(?:工作)?\\s*的?\\s*(?:年度)?\\s*(?:报告|年报)` +
  // 汇报我镇2023年政府信息公开工作 / 关于2021年度政府信息公开的… / 2020年报_审计局
  `|(?:汇报|报告|关于)\\s*(?:我[镇乡局委办区县市]|本(?:机关|单位))?\\s*${YEAR}\\s*年度?\\s*(?:政府|政务)?\\s*信息公开` +
  `|${YEAR}\\s*年报`,
);
/** A text that opens with its year: 2025年,杏花村镇紧扣… (the first words of the report). */
export const OPENING_YEAR = new RegExp(`^\\s*${YEAR}\\s*年度?\\s*[,，]`);
/** The year the 总体情况 part opens with: 一、总体情况 / 2023年，… (the year it reports on). */
export const OVERVIEW_YEAR = new RegExp(`总体情况\\s*(?:\\(一\\)[^\\n]{0,12}?)?\\s*${YEAR}\\s*年(?!\\s*\\d|\\s*[一二三四五六七八九十]+\\s*月)`);
/**
 * The contents line naming its first part with the year: 全文包括:2023年度总体情况,主动公开政府信息情况,… (the
 * overview of the year the report covers). Only right after 全文/报告(主要)包括, never a year in passing.
 */
export const CONTENTS_YEAR = new RegExp(`(?:全文|报告)(?:主要)?包括\\s*[:：]?\\s*${YEAR}\\s*年度?\\s*总体情况`);
/** 截止2023年12月31日 / 截至2023年12月31日: the figures' end date, the last day of the year reported on (only Arabic month and day). */
export const PERIOD_END = new RegExp(`截[止至]\\s*${YEAR}\\s*年\\s*12\\s*月\\s*31\\s*日`, 'g');
/** A syllable a converter left after a character, in brackets: 統(tǒng)計 (Traditional pages run through a pinyin tool). */
const PY = '(?:\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\\))?';
export const STATISTICAL_PERIOD = new RegExp(`统${PY}计${PY}(?:期${PY}限|时${PY}限|区${PY}间|时${PY}段|周${PY}期|时${PY}间)[^。]{0,16}?${YEAR}\\s*年`);

/** 2023 / 二〇二三 → 2023. */
export function parseYear(s: string): number | null {
  if (/^\d{4}$/.test(s)) return Number(s);
  if (s.length !== 4) return null;
  let n = 0;
  for (const ch of s) {
    const d = CN_DIGIT[ch];
    if (d === undefined) return null;
    n = n * 10 + d;
  }
  return n;
}

/** 12 / 十二 / 二十一 → number. */
function parseSmall(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const m = s.match(/^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/);
  if (!m) return null;
  const tens = m[2] ? (m[1] ? CN_DIGIT[m[1]]! : 1) : 0;
  const ones = m[3] ? CN_DIGIT[m[3]]! : m[2] ? 0 : m[1] ? CN_DIGIT[m[1]]! : 0;
  return tens * 10 + ones;
}

function isoDate(y: number | null, m: number | null, d: number | null): string | null {
  if (y === null || m === null || d === null || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 2023-01-09 10:07 / 2023/1/9 / 2023年1月9日 / 二〇二四年一月十九日 → ISO date. */
export function parseDate(s: string): string | null {
  const f = fold(s);
  let m = f.match(/(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})/);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = f.match(DATE);
  if (m) return isoDate(parseYear(m[1]!), parseSmall(m[2]!), parseSmall(m[3]!));
  return null;
}

const DATE_LINE = new RegExp(`^${DATE.source}$`);

/** A date standing alone on one of the last lines (the signature date when no name precedes it). */
export function trailingDate(lines: readonly string[]): string | null {
  let seen = 0;
  for (let i = lines.length - 1; i >= 0 && seen < 12; i--) {
    const L = lines[i]!.trim();
    if (!L) continue;
    seen++;
    const m = L.match(DATE_LINE);
    if (m) return parseDate(L);
  }
  return null;
}
