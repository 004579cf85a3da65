/**
 * The published copy of a report's original file: public/data/sources/<name>. Shared by the build
 * (which writes it) and the site (which links it), so the two cannot disagree.
 *
 * Markup is published with ".txt" appended (005.html → <id>.html.txt): a static host serves it as
 * text, so a downloaded government page can never run its scripts on this site's origin.
 */
const FORMAT_EXT: Record<string, string> = { text: 'txt', html: 'html', pdf: 'pdf', docx: 'docx', doc: 'doc' };
export const SOURCE_FORMATS = Object.keys(FORMAT_EXT);
const ACTIVE = new Set(['html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'xml', 'svg', 'js', 'mjs']);

/** The original's own extension (lower case), or one named by its detected format. */
export function originalExt(file: string | null | undefined, format: string | null = null): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(file ?? '');
  return m ? m[1]!.toLowerCase() : FORMAT_EXT[format ?? ''] ?? 'bin';
}

export function publishedSourceName(id: string, file: string | null | undefined, format: string | null = null): string {
  const ext = originalExt(file, format);
  return ACTIVE.has(ext) ? `${id}.${ext}.txt` : `${id}.${ext}`;
}
