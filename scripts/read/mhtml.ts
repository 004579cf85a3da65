/**
 * MHTML ("single file web page", .mht/.mhtml — Word's and IE's web archive, often published as .doc):
 * a MIME multipart/related message whose first text/html part is the document. We take that part, undo
 * its Content-Transfer-Encoding (quoted-printable or base64), and hand the bytes to the normal
 * decode → HTML path, with the part's charset as the declared (tie-breaking) charset.
 */

export interface MhtmlPart { bytes: Uint8Array; charset: string | null; location: string | null }

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Does this look like a MIME web archive? (headers first, multipart/related or a text/html body) */
export function isMhtml(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, 4096));
  return /^(?:[\x21-\x39\x3b-\x7e]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?MIME-Version:\s*1\.0/i.test(head.replace(/\r\n/g, '\n')) &&
    /Content-Type:\s*(multipart\/related|text\/html)/i.test(head);
}

function parseHeaders(block: string): Map<string, string> {
  const h = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([^:\s]+):\s*(.*)$/.exec(line);
    if (m) h.set(m[1].toLowerCase(), m[2].trim());
  }
  return h;
}

function param(value: string | undefined, name: string): string | null {
  if (!value) return null;
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : null;
}

function decodeQuotedPrintable(body: string): Uint8Array {
  const s = body.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) { out.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; }
    else out.push(c & 0xff);
  }
  return Uint8Array.from(out);
}

function decodeBody(body: string, encoding: string | undefined): Uint8Array {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  if (enc === 'base64') return new Uint8Array(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

/** The first text/html part of an MHTML archive (null if there is none). */
export function mhtmlHtmlPart(bytes: Uint8Array): MhtmlPart | null {
  const src = latin1(bytes);
  const split = /\r?\n\r?\n/.exec(src);
  if (!split) return null;
  const headers = parseHeaders(src.slice(0, split.index));
  const rest = src.slice(split.index + split[0].length);
  const type = headers.get('content-type') ?? '';
  if (/^text\/html/i.test(type)) {
    return { bytes: decodeBody(rest, headers.get('content-transfer-encoding')), charset: param(type, 'charset'), location: headers.get('content-location') ?? null };
  }
  const boundary = param(type, 'boundary');
  if (!boundary) return null;
  for (const chunk of rest.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break; // closing delimiter
    const body = chunk.replace(/^\r?\n/, '');
    const sep = /\r?\n\r?\n/.exec(body);
    if (!sep) continue;
    const h = parseHeaders(body.slice(0, sep.index));
    const t = h.get('content-type') ?? '';
    if (!/^text\/html/i.test(t)) continue;
    const content = body.slice(sep.index + sep[0].length).replace(/\r?\n$/, '');
    return { bytes: decodeBody(content, h.get('content-transfer-encoding')), charset: param(t, 'charset'), location: h.get('content-location') ?? null };
  }
  return null;
}
