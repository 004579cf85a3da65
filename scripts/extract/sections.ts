/**
 * Find the six section headings (一 总体情况 … 六 其他需要报告的事项) and cut the text at them.
 * A heading is the template's title preceded by a heading number (any number: reports misnumber,
 * e.g. a second "二、") or standing at the start of a line; a title inside a sentence
 * ("报告包括总体情况、主动公开政府信息情况…") is not a heading.
 */
import { SECTIONS, type SectionCode } from '../template/vocabulary.ts';

export interface Heading { code: SectionCode; start: number; bodyStart: number; title: string }

// Heading numbers: 一、 … 六、, and the Arabic 6、 some reports use; a bare digit needs its 、 or dot.
// A digit that continues a number ("2065.29三、" must not read "5.") is not a heading number.
const NUM = '(?:[一二三四五六七八九十]{1,2}\\s*[、.,:]?|(?<![\\d.])[1-6]\\s*[、.])\\s*';

// Each section's two heading patterns, compiled once (firstAfter sets lastIndex before every use).
const HEADING_RES = SECTIONS.map((s) => ({
  s,
  titled: new RegExp(`(${NUM})(?:[^\\n。；;，,\\d]{0,8}?)?(${s.match.source}[^\\n。]{0,12}?(?:情况|事项)?)`, 'g'),
  atLine: new RegExp(`(?:^|\\n)[ \\t]*()(${s.match.source}[^\\n]{0,12})`, 'g'),
}));

export function findHeadings(text: string): Heading[] {
  const out: Heading[] = [];
  let from = 0;
  for (const { s, titled, atLine } of HEADING_RES) {
    const hit = firstAfter(titled, text, from) ?? firstAfter(atLine, text, from);
    if (!hit) continue;
    out.push({ code: s.code, start: hit.start, bodyStart: hit.end, title: hit.title });
    from = hit.end;
  }
  return out;
}

function firstAfter(re: RegExp, text: string, from: number): { start: number; end: number; title: string } | null {
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Flattened pages glue a heading to whatever precedes it ("…收费0 三、", "…246900元二、"), so the
    // number itself is the evidence; only "第二、"-style ordinals in running text are refused.
    if (m[1] && text[m.index - 1] === '第') continue;
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const keywordEnd = m.index + m[0].length;
    // The title is the heading's whole line; on a flattened page, up to its closing 情况/事项.
    let lineEnd = text.indexOf('\n', keywordEnd);
    if (lineEnd < 0) lineEnd = text.length;
    let end = keywordEnd;
    if (lineEnd - start <= 40) end = lineEnd;
    else if (!/(?:情况|事项)$/.test(text.slice(start, keywordEnd))) {
      const close = /^[^\n。]{0,16}?(?:情况|事项)/.exec(text.slice(keywordEnd, keywordEnd + 20));
      if (close) end = keywordEnd + close[0].length;
    }
    return { start, end, title: text.slice(start, end).trim() };
  }
  return null;
}

export interface SectionSpan { code: SectionCode; title: string; start: number; bodyStart: number; end: number }

/** Sections in text order with their extents (each runs to the next heading or the end). */
export function sectionSpans(text: string): SectionSpan[] {
  const hs = findHeadings(text);
  return hs.map((h, i) => ({ code: h.code, title: h.title, start: h.start, bodyStart: h.bodyStart, end: hs[i + 1]?.start ?? text.length }));
}
