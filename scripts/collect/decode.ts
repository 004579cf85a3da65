/**
 * Fetched HTML bytes → text for link discovery, using the readers' decoder (scripts/read/decode.ts) with the
 * charset the HTTP Content-Type header or a <meta> in the first 4 KB declares (found with parse5) as tie-breaker.
 * The collector saves the original bytes untouched; this decoding only serves link extraction and logging.
 */
import iconv from 'iconv-lite';
import { parse } from 'parse5';
import { decodeBytes } from '../read/decode.ts';
import { elements, attr } from './dom.ts';

/** Charset labels → iconv-lite names; GBK and GB2312 pages routinely contain GB18030-only characters. */
function normalise(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'gb_2312-80', 'euc-cn', 'csgb2312'].includes(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'big5' || l === 'big5-hkscs') return 'big5';
  return iconv.encodingExists(l) ? l : null;
}

export function charsetFromContentType(ct: string | null | undefined): string | null {
  if (!ct) return null;
  const m = ct.match(/charset\s*=\s*([^;\s]+)/i);
  return m ? normalise(m[1]!) : null;
}

/** Charset declared by a <meta> in the document head (prescan of the first 4 KB, decoded as latin1). */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  for (const el of elements(parse(head))) {
    if (el.tagName !== 'meta') continue;
    const cs = attr(el, 'charset');
    if (cs) return normalise(cs);
    if ((attr(el, 'http-equiv') ?? '').toLowerCase() === 'content-type') {
      const fromContent = charsetFromContentType(attr(el, 'content'));
      if (fromContent) return fromContent;
    }
  }
  return null;
}

/**
 * Decode a fetched page with the readers' decoder (scripts/read/decode.ts: the bytes decide, a declared
 * charset only breaks ties). For link discovery a doubtful decoding is still better than none, so when that
 * decoder refuses the text we fall back to a lossy GB18030/UTF-8 read and say so.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string | null, name = 'page'): { text: string; charset: string; warnings: string[] } {
  const declared = charsetFromContentType(contentType) ?? charsetFromMeta(bytes);
  try {
    const d = decodeBytes(bytes, name, declared);
    return { text: d.text, charset: d.encoding, warnings: d.warnings };
  } catch (e) {
    const enc = declared ?? 'gb18030';
    const text = iconv.decode(Buffer.from(bytes), enc);
    return { text, charset: enc, warnings: [`${(e as Error).message}; read as ${enc} for links only`] };
  }
}
