/**
 * A minimal ZIP writer for hostile test inputs (SYNTHETIC, generated on the fly, never written to data/): zip bombs
 * and archives whose headers lie about an entry's size. jszip cannot write these: it always states the true size.
 */
import { createDeflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Raw-deflated bytes (method 8), or the stored bytes when `stored`. */
  data: Uint8Array;
  stored?: boolean;
  /** The uncompressed size the headers state (a liar states less than the data inflates to). */
  size: number;
  crc?: number;
}

/** The bytes of a ZIP holding `entries` as given (sizes and CRCs written as stated, not checked). */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.crc ?? 0, 14); local.writeUInt32LE(e.data.length, 18); local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8); central.writeUInt16LE(method, 10);
    central.writeUInt32LE(e.crc ?? 0, 16); central.writeUInt32LE(e.data.length, 20); central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.data));
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** Raw-deflate `head`, then `fill` repeated to `total` bytes, then `tail`, without holding the inflated text. */
export async function deflateRepeated(head: string, fill: string, total: number, tail: string): Promise<Uint8Array> {
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((res, rej) => { d.on('end', res); d.on('error', rej); });
  const block = Buffer.from(fill.repeat(Math.ceil((1 << 20) / fill.length)));
  d.write(head);
  for (let n = 0; n < total; n += block.length) {
    if (!d.write(n + block.length > total ? block.subarray(0, total - n) : block)) await new Promise((r) => d.once('drain', r));
  }
  d.end(tail);
  await done;
  return Buffer.concat(out);
}

const DOC_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
const DOC_TAIL = '</w:t></w:r></w:p></w:body></w:document>';

/**
 * A DOCX whose word/document.xml inflates to about `inflated` bytes while its headers state `stated` bytes (a zip bomb
 * when they agree and are large; a lying header when `stated` is small). SYNTHETIC.
 */
export async function bombDocx(inflated: number, stated: number): Promise<Buffer> {
  const data = await deflateRepeated(DOC_HEAD, '政府信息公开 ', inflated, DOC_TAIL);
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), stored: true, size: 98 },
    { name: 'word/document.xml', data, size: stated },
  ]);
}
