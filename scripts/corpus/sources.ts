/**
 * The published copy of a report's original file: public/data/sources/<name>. Shared by the build
 * (which writes it) and the site (which links it), so the two cannot disagree.
 *
 * The name comes from the format detected in the file's bytes, through an allowlist, never from the
 * input's own name: an input called `x.xht`, `x.xsl` or `x.svg` would otherwise be served by a static host
 * as a live document and run its scripts on the site's origin. Markup (HTML, HTML inside JavaScript) is
 * published as `.txt`, so a host serves it as plain text. A format outside the list becomes `.bin`
 * (served as a download); no published name can be a type a browser executes.
 */
const FORMAT_EXT: Record<string, PublishedExt> = { text: 'txt', html: 'txt', pdf: 'pdf', docx: 'docx', doc: 'doc' };

/** The only extensions a published original can have. */
export const PUBLISHED_EXTS = ['txt', 'pdf', 'docx', 'doc', 'bin'] as const;
export type PublishedExt = (typeof PUBLISHED_EXTS)[number];

/** Detected formats that have a published name (what build clean-up iterates over). */
export const SOURCE_FORMATS = Object.keys(FORMAT_EXT);

/** The original's extension on the site: from its detected format alone. */
export function publishedExt(format: string | null | undefined): PublishedExt {
  return Object.hasOwn(FORMAT_EXT, format ?? '') ? FORMAT_EXT[format!]! : 'bin';
}

/**
 * `<id>.<ext>` for the published original. `_file` (the input's name) is accepted so callers can pass what
 * they have, and ignored on purpose: the input's extension is never trusted.
 */
export function publishedSourceName(id: string, _file: string | null | undefined, format: string | null = null): string {
  return `${id}.${publishedExt(format)}`;
}
