/**
 * Reader dispatch: bytes of any supported format → SourceDoc (text + origins), recognised by content.
 * Initial version reads UTF-8 text only; read/detect.ts, read/decode.ts, read/html.ts, read/pdf.ts,
 * read/docx.ts and read/doc.ts extend it (issue 4).
 */
import { NotAReport, type SourceDoc } from '../template/record.ts';

export async function readSource(bytes: Uint8Array, name: string): Promise<SourceDoc> {
  if (bytes.length === 0) throw new NotAReport(`${name}: empty file (0 bytes)`, 'empty');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  return { format: 'text', encoding: 'utf-8', text, origins: [], warnings: [] };
}
