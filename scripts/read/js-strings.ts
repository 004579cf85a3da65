/**
 * Markup kept inside JavaScript strings: `document.write("<table>…")`, `var content = '<p>…'`,
 * `"<tr>" + "<td>0</td>" + …`, JSON `{"content":"<p>…"}`. Some CMS pages ship the report this way.
 * We lex string literals (not regexes over the markup itself), unescape them, join `+` chains, and keep
 * the chains that contain markup; html.ts then parses the result with parse5.
 */

export interface JsString { value: string; start: number; end: number }

const ESC: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** String literals of `src` in order (single, double, backtick quoted; comments skipped), unescaped. */
export function jsStringLiterals(src: string): JsString[] {
  const out: JsString[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? n : e; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
    if (c === '<' && src.startsWith('<!--', i)) { i += 4; continue; } // legacy HTML comment opener inside <script>
    if (c !== '"' && c !== "'" && c !== '`') { i++; continue; }
    const start = i;
    let v = '';
    i++;
    let closed = false;
    while (i < n) {
      const d = src[i];
      if (d === c) { closed = true; i++; break; }
      if (d === '\n' && c !== '`') break; // unterminated: a stray quote in code, not a string
      if (d === '$' && c === '`' && src[i + 1] === '{') { // template placeholder: value unknown, skip it
        let depth = 0;
        for (; i < n; i++) { if (src[i] === '{') depth++; else if (src[i] === '}' && --depth === 0) { i++; break; } }
        continue;
      }
      if (d === '\\') {
        const e = src[i + 1];
        if (e === undefined) { i++; break; }
        if (e === '\n') { i += 2; continue; } // line continuation
        if (e === '\r') { i += src[i + 2] === '\n' ? 3 : 2; continue; }
        if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) { v += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16)); i += 4; continue; }
        if (e === 'u' && src[i + 2] === '{') {
          const close = src.indexOf('}', i + 3);
          const cp = parseInt(src.slice(i + 3, close), 16);
          if (close > 0 && Number.isFinite(cp)) { v += String.fromCodePoint(cp); i = close + 1; continue; }
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) { v += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16)); i += 6; continue; }
        v += ESC[e] ?? e;
        i += 2;
        continue;
      }
      v += d;
      i++;
    }
    if (closed) out.push({ value: v, start, end: i });
  }
  return out;
}

/** A tag that makes a string worth parsing as a document fragment. */
const CONTENT_TAG = /<\s*(table|tbody|tr|td|th|p|div|span|br|h[1-6]|font|strong|b|center|section|article)\b[^>]*>/i;

const ANY_TAG = /<\/?\s*[a-z][\w:-]*(?:\s[^>]*)?\/?>/i;

/**
 * The markup held in JS strings of `src`, joined in source order (a `+` chain is one piece;
 * identifiers inside a chain — values we cannot know — are dropped). Null when no string holds markup.
 */
export function markupFromJs(src: string): string | null {
  const lits = jsStringLiterals(src);
  if (lits.length === 0) return null;
  const chains: string[][] = [];
  let cur: string[] = [lits[0].value];
  for (let k = 1; k < lits.length; k++) {
    const between = src.slice(lits[k - 1].end, lits[k].start);
    // `"a" + "b"`, `"a" + x + "b"`, `"a" +\n "b"` continue a chain; anything else starts a new one.
    if (/^\s*\+\s*(?:[A-Za-z_$][\w$.]*(?:\[[^\]]*\])?\s*\+\s*)*$/.test(between)) cur.push(lits[k].value);
    else { chains.push(cur); cur = [lits[k].value]; }
  }
  chains.push(cur);
  // Keep every chain holding a tag (a lone document.write("</table>") matters), once some chain holds content.
  const joined = chains.map((c) => c.join(''));
  if (!joined.some((s) => CONTENT_TAG.test(s))) return null;
  return joined.filter((s) => ANY_TAG.test(s)).join('\n');
}

/** Does this non-markup text look like a script (or JSON) whose strings carry the document? */
export function looksLikeJsWithMarkup(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 2000);
  const jsish = /^(document\.write|var\s|let\s|const\s|window\.|function\b|\(function|\$\(|jQuery|[{[]|["'`]|\/\/|\/\*)/.test(head) ||
    /document\.write(ln)?\s*\(|\.innerHTML\s*=/.test(text);
  if (!jsish) return false;
  const m = markupFromJs(text);
  return m !== null && CONTENT_TAG.test(m);
}
