/**
 * The HTTP headers a host must send for the public site (docs/SITE.md "Hosting"), as one pure function of
 * the request path. The preview server (`npm run preview`) and the test server send exactly these; the
 * page CSP is also what every page carries in its <meta> (src/layouts/Base.astro), so a host that sends
 * nothing still gets the page policy — but not frame-ancestors, nosniff or the download rule for originals,
 * which only headers can express.
 */

/**
 * The page policy. No inline scripts; 'wasm-unsafe-eval' for DuckDB-WASM; Plot writes style attributes. A data folder
 * served from another origin (ATLAS_DATA_URL) is named in connect-src (the tables) and script-src (the search index's
 * module), and nothing else is.
 */
export function pageCsp(dataOrigin: string | null = null): string {
  const data = dataOrigin ? ` ${dataOrigin}` : '';
  return [
    "default-src 'self'", `script-src 'self'${data} 'wasm-unsafe-eval'`, "worker-src 'self' blob:", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "font-src 'self'", `connect-src 'self'${data}`, "object-src 'none'", "base-uri 'self'", "form-action 'self'",
  ].join('; ');
}
export const PAGE_CSP = pageCsp();

/** The origin of a data URL that is not the site's own (an absolute http(s) URL), else null. */
export function dataOrigin(dataUrl: string | null | undefined): string | null {
  return dataUrl && /^https?:\/\//i.test(dataUrl) ? new URL(dataUrl).origin : null;
}

/** Originals (data/archive/sources/) are third-party files: a download, never a document on the site's origin. */
export const SOURCES_CSP = "default-src 'none'; sandbox";

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8', json: 'application/json; charset=utf-8', wasm: 'application/wasm',
  svg: 'image/svg+xml', png: 'image/png', csv: 'text/csv; charset=utf-8', txt: 'text/plain; charset=utf-8',
  parquet: 'application/vnd.apache.parquet', pdf: 'application/pdf', map: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', doc: 'application/msword',
  xml: 'application/xml; charset=utf-8', ico: 'image/x-icon', woff2: 'font/woff2',
};

/** Content-Type for a served file, by its extension; unknown types are a download. */
export function contentType(file: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(file);
  return (m && TYPES[m[1]!.toLowerCase()]) || 'application/octet-stream';
}

/** Where originals are served (the archive; `data/sources/` is where builds before the archive put them). */
const ORIGINALS = /\/data\/(archive\/)?sources\//;

/** Files worth compressing on the wire (the DuckDB WASM is 34 MB raw, ~8 MB compressed). Parquet is compressed already and read by range. */
export function compressible(file: string): boolean {
  return /\.(wasm|js|mjs|css|html|json|svg|csv|txt|map)$/i.test(file) && !ORIGINALS.test(file);
}

/**
 * Headers for a response to `pathname` (the URL path, base included) serving `file` (the path on disk, whose
 * extension decides the type). Every response: nosniff, a referrer policy and the CSP — with
 * `frame-ancestors 'self'` except on /embed/ pages, which any page may frame.
 */
export function hostingHeaders(pathname: string, file = pathname): Record<string, string> {
  const h: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  if (ORIGINALS.test(pathname)) {
    h['content-type'] = 'application/octet-stream';
    h['content-disposition'] = 'attachment';
    h['content-security-policy'] = SOURCES_CSP;
    return h;
  }
  h['content-type'] = contentType(file);
  // no frame-ancestors at all on /embed/: `*` would still refuse embedders on file: or opaque origins
  h['content-security-policy'] = /^\/embed\//.test(pathname) ? PAGE_CSP : `${PAGE_CSP}; frame-ancestors 'self'`;
  // the embed snippet loads embed.js from other sites with integrity + crossorigin, which needs CORS
  if (/\/embed\.js$/.test(pathname)) h['access-control-allow-origin'] = '*';
  if (/\/_astro\//.test(pathname)) h['cache-control'] = 'public, max-age=31536000, immutable';
  return h;
}
