/**
 * Where collected documents go: stable readable file names, atomic writes, sidecars, and the resumable
 * state file (`.collect-state.json` in the output folder) that remembers what was saved and its validators.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodedUrl } from './classify.ts';
import { docExtension } from './links.ts';
import { SIDECAR_SUFFIX, type Sidecar } from './sidecar.ts';

export const STATE_FILE = '.collect-state.json';

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const TYPE_EXT: [RegExp, string][] = [
  [/pdf/i, 'pdf'],
  [/wordprocessingml/i, 'docx'],
  [/spreadsheetml/i, 'xlsx'],
  [/msword/i, 'doc'],
  [/ms-excel/i, 'xls'],
  [/kswps|wps-office|ms-works/i, 'wps'],
  [/html/i, 'html'],
];

/** Extension of the saved file: the URL's document type, then Content-Disposition, then magic bytes, then Content-Type. */
export function extensionFor(url: string, contentType: string | undefined, disposition: string | undefined, bytes: Uint8Array): string {
  const fromUrl = docExtension(url);
  if (fromUrl) return fromUrl;
  const dispName = disposition?.match(/filename\*?=(?:UTF-8'')?["']?([^"';]+)/i)?.[1];
  const dispExt = dispName ? decodedUrl(dispName).toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] : undefined;
  if (dispExt && ['pdf', 'doc', 'docx', 'wps', 'xls', 'xlsx', 'html', 'htm'].includes(dispExt)) return dispExt;
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.toString('hex') === 'd0cf11e0a1b11ae1') return 'doc'; // OLE2: .doc/.wps/.xls share it; the URL said none
  const ct = contentType ?? '';
  for (const [re, ext] of TYPE_EXT) {
    if (re.test(ct)) {
      if (ext === 'html') {
        const pathExt = new URL(url).pathname.toLowerCase().match(/\.(s?html?)$/)?.[1];
        return pathExt ?? 'html';
      }
      return ext;
    }
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
  return 'bin';
}

/**
 * `<host>_<path-slug>_<8 hex of sha256(url)>.<ext>`: readable, stable for a URL, unique per URL.
 * The slug keeps letters/digits (Chinese included), joins path segments with '-', and keeps the last 80 chars.
 */
export function fileNameFor(url: string, ext: string): string {
  const u = new URL(url);
  const host = u.host.replace(/[^A-Za-z0-9.-]+/g, '_');
  const segs = decodedUrl(u.pathname).split('/').filter(Boolean);
  const last = (segs.pop() ?? 'index').replace(/\.[A-Za-z0-9]{1,6}$/, '');
  const query = u.search ? decodedUrl(u.search.slice(1)) : '';
  let slug = [...segs, last, query]
    .filter(Boolean)
    .join('-')
    .replace(/[^\p{L}\p{N}_.]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (slug.length > 80) slug = slug.slice(-80).replace(/^[-._]+/, '');
  return `${host}_${slug || 'index'}_${sha256(url).slice(0, 8)}.${ext}`;
}

export interface DocState {
  file: string;
  sha256: string;
  /** URL after redirects, when different (relative links of a saved page resolve against it) */
  final_url?: string;
  /** HTML only: sha256 of the visible text, so a page whose markup changes per request (proxy hashes, tokens) counts as unchanged */
  text_sha256?: string;
  etag?: string;
  last_modified?: string;
  fetched_at: string;
  checked_at?: string;
  kind: Sidecar['kind'];
}

export interface FailureState {
  code: string;
  reason: string;
  at: string;
  /** size limit in force when a download was abandoned as too large */
  limit?: number;
}

export interface State {
  version: 1;
  documents: Record<string, DocState>;
  failures: Record<string, FailureState>;
}

export class Store {
  private constructor(
    readonly dir: string,
    readonly state: State,
  ) {}

  static async open(dir: string): Promise<Store> {
    await mkdir(dir, { recursive: true });
    let state: State = { version: 1, documents: {}, failures: {} };
    const p = join(dir, STATE_FILE);
    try {
      const parsed = JSON.parse(await readFile(p, 'utf8')) as State;
      if (parsed?.version === 1 && parsed.documents) state = { ...state, ...parsed, failures: parsed.failures ?? {} };
      else throw new Error('unknown state format');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${p}: unreadable collector state (${(e as Error).message}); move it away to start afresh`);
      }
    }
    return new Store(dir, state);
  }

  async exists(file: string): Promise<boolean> {
    try {
      return (await stat(join(this.dir, file))).isFile();
    } catch {
      return false;
    }
  }

  read(file: string): Promise<Buffer> {
    return readFile(join(this.dir, file));
  }

  /** The file already holding these bytes, or for HTML this visible text, saved from another URL, if any. */
  fileWithHash(hash: string, textHash: string | undefined, exceptUrl: string): string | null {
    for (const [u, d] of Object.entries(this.state.documents)) {
      if (u !== exceptUrl && (d.sha256 === hash || (textHash && d.text_sha256 === textHash))) return d.file;
    }
    return null;
  }

  async writeDocument(file: string, bytes: Uint8Array, sidecar: Sidecar): Promise<void> {
    await atomicWrite(join(this.dir, file), bytes);
    await this.writeSidecar(file, sidecar);
  }

  async writeSidecar(file: string, sidecar: Sidecar): Promise<void> {
    await atomicWrite(join(this.dir, file + SIDECAR_SUFFIX), JSON.stringify(sidecar, null, 2) + '\n');
  }

  async save(): Promise<void> {
    await atomicWrite(join(this.dir, STATE_FILE), JSON.stringify(this.state, null, 1) + '\n');
  }
}

async function atomicWrite(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.part-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
