/**
 * A small, strict-enough XML parser for OOXML parts (word/document.xml, docProps/*.xml). OOXML is
 * machine-written, well-formed XML without DTDs, so elements, attributes, text, CDATA, comments, PIs
 * and the five entities + numeric references are all it needs. (parse5 is an HTML parser: it would
 * mishandle `<w:t/>` self-closing tags.)
 */

export interface XmlEl { name: string; attrs: Record<string, string>; children: XmlNode[] }
export type XmlNode = XmlEl | string;

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENT[e] ?? m;
  });
}

export function parseXml(src: string): XmlEl {
  const root: XmlEl = { name: '#root', attrs: {}, children: [] };
  const stack: XmlEl[] = [root];
  let i = 0;
  const n = src.length;
  const attrRe = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) { pushText(src.slice(i)); break; }
    if (lt > i) pushText(src.slice(i, lt));
    if (src.startsWith('<!--', lt)) { const e = src.indexOf('-->', lt + 4); i = e < 0 ? n : e + 3; continue; }
    if (src.startsWith('<![CDATA[', lt)) {
      const e = src.indexOf(']]>', lt + 9);
      stack[stack.length - 1].children.push(src.slice(lt + 9, e < 0 ? n : e));
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (src[lt + 1] === '?' || src[lt + 1] === '!') { const e = src.indexOf('>', lt); i = e < 0 ? n : e + 1; continue; }
    const gt = findTagEnd(src, lt);
    if (gt < 0) throw new Error('XML: unterminated tag');
    const body = src.slice(lt + 1, gt);
    i = gt + 1;
    if (body[0] === '/') {
      const name = body.slice(1).trim();
      // pop to the matching element (tolerates a missing close tag)
      for (let k = stack.length - 1; k > 0; k--) if (stack[k].name === name) { stack.length = k; break; }
      continue;
    }
    const selfClose = body.endsWith('/');
    const inner = selfClose ? body.slice(0, -1) : body;
    const sp = inner.search(/\s/);
    const name = sp < 0 ? inner : inner.slice(0, sp);
    const attrs: Record<string, string> = {};
    if (sp >= 0) for (const m of inner.slice(sp).matchAll(attrRe)) attrs[m[1]] = unescapeXml(m[3] ?? m[4] ?? '');
    const el: XmlEl = { name, attrs, children: [] };
    stack[stack.length - 1].children.push(el);
    if (!selfClose) stack.push(el);
  }
  return root;

  function pushText(t: string) { if (t) stack[stack.length - 1].children.push(unescapeXml(t)); }
}

/** The `>` that ends the tag opened at `lt`, skipping quoted attribute values. */
function findTagEnd(src: string, lt: number): number {
  let q: string | null = null;
  for (let k = lt + 1; k < src.length; k++) {
    const c = src[k];
    if (q) { if (c === q) q = null; } else if (c === '"' || c === "'") q = c; else if (c === '>') return k;
  }
  return -1;
}

export const elements = (el: XmlEl): XmlEl[] => el.children.filter((c): c is XmlEl => typeof c !== 'string');
export const child = (el: XmlEl, name: string): XmlEl | undefined => elements(el).find((c) => c.name === name);
export function textOf(el: XmlEl): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
/** First descendant with this name (depth-first). */
export function find(el: XmlEl, name: string): XmlEl | undefined {
  for (const c of elements(el)) { if (c.name === name) return c; const d = find(c, name); if (d) return d; }
  return undefined;
}
