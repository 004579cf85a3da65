/**
 * Provenance sidecars: every document the collector saves as `<file>` gets `<file>.source.json`.
 * The corpus build reads them with readSidecar() to copy the source URL and fetch date into reports.parquet.
 */
import { readFile } from 'node:fs/promises';

export const SIDECAR_SUFFIX = '.source.json';

export interface Sidecar {
  /** URL the document was linked as (before redirects) — the original to cite */
  url: string;
  /** URL after redirects, when different from url */
  final_url?: string;
  /** ISO 8601 time the bytes were fetched */
  fetched_at: string;
  /** list page the report link was found on; null for a page given directly with --from */
  found_on: string | null;
  /** text (or title attribute) of the link that led here */
  link_text: string;
  /** report-page: an HTML report page; attachment: a file linked from a report page; document: a file linked from a list page or given directly */
  kind: 'report-page' | 'attachment' | 'document';
  /** for attachments: the report page that links the file */
  report_page?: string;
  /** report year named by the link or page title */
  year: number | null;
  /** page title (report pages) */
  title?: string;
  /** charset the HTML was decoded with for link discovery (the saved bytes are untouched) */
  charset?: string;
  /** for report pages: their attachments as saved (file names in the same folder) */
  attachments?: { url: string; file: string | null; link_text: string }[];
  http: {
    status: number;
    'content-type'?: string;
    etag?: string;
    'last-modified'?: string;
    'content-length'?: string;
    'content-disposition'?: string;
  };
  sha256: string;
  bytes: number;
  /** saved file name (in the same folder as the sidecar) */
  file: string;
  /** User-Agent the collector used */
  collector: string;
}

export function sidecarPath(reportPath: string): string {
  return reportPath + SIDECAR_SUFFIX;
}

/** True for paths the corpus build should not read as reports (sidecars, collector state). */
export function isCollectorMetadata(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return name.endsWith(SIDECAR_SUFFIX) || name.startsWith('.collect-state');
}

/**
 * The sidecar of a saved report, or null when the report has none (e.g. the bundled seed reports).
 * Throws a one-line error naming the file when a sidecar exists but is not valid.
 */
export async function readSidecar(reportPath: string): Promise<Sidecar | null> {
  const p = sidecarPath(reportPath);
  let text: string;
  try {
    text = await readFile(p, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${p}: sidecar is not valid JSON (${(e as Error).message})`);
  }
  const d = data as Partial<Sidecar>;
  if (!d || typeof d !== 'object' || typeof d.url !== 'string' || typeof d.fetched_at !== 'string' || typeof d.sha256 !== 'string') {
    throw new Error(`${p}: not a collector sidecar (needs string url, fetched_at and sha256)`);
  }
  return d as Sidecar;
}
