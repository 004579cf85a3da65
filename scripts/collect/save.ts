/**
 * Fetching and saving one URL: a document is fetched (conditionally when already held), recognised when its
 * bytes or its text are already saved (under this URL or another), or else written with its provenance
 * sidecar; failures are recorded in the state file so a later run knows them. The crawl (crawl.ts) decides
 * which URLs to give it.
 */
import { yearIn } from './classify.ts';
import { decodeHtml } from './decode.ts';
import { PoliteHttp, fmtBytes, type FetchResult, type HttpOptions } from './http.ts';
import { pageInfo, type PageInfo } from './links.ts';
import type { CollectOptions } from './options.ts';
import { isHtml } from './pages.ts';
import type { Sidecar } from './sidecar.ts';
import { Store, extensionFor, fileNameFor, sha256 } from './store.ts';
import type { Summary } from './summary.ts';

/** A URL to fetch, with what the crawl knows of it. */
export interface Candidate {
  url: string;
  linkText: string;
  foundOn: string | null;
  year: number | null;
}

export type Got =
  | { outcome: 'saved' | 'present'; file: string; bytes: () => Promise<Uint8Array>; contentType?: string }
  | { outcome: 'failed' };

export class Saver {
  protected http: PoliteHttp;
  protected summary: Summary = { listPages: 0, reportPages: 0, reportsFound: 0, downloaded: [], alreadyPresent: 0, failed: [], notFollowed: [] };
  protected handled = new Set<string>();
  private noted = new Set<string>();

  protected constructor(
    protected readonly o: CollectOptions,
    protected readonly store: Store,
  ) {
    const allowedHosts = new Set(o.from.map((u) => new URL(u).host));
    const httpOpts: HttpOptions = {
      userAgent: o.userAgent,
      delayMs: o.delayMs,
      timeoutMs: o.timeoutMs,
      maxBytes: o.maxBytes,
      retries: o.retries,
      backoffMs: o.backoffMs,
      allowedHosts,
      log: o.log,
    };
    this.http = new PoliteHttp(httpOpts);
  }

  protected note(url: string, reason: string) {
    if (this.noted.has(url)) return;
    this.noted.add(url);
    this.summary.notFollowed.push({ url, reason });
    this.o.log(`[skip] ${url} — ${reason}`);
  }

  protected fail(url: string, reason: string) {
    this.summary.failed.push({ url, reason });
    this.o.log(`[fail] ${url} — ${reason}`);
  }

  /** Fetch (conditionally when already held) and save a document. */
  protected async acquire(c: Candidate, kind: Sidecar['kind'], reportPage?: string): Promise<Got> {
    this.handled.add(c.url);
    const known = this.store.state.documents[c.url];
    const present = !!known && (await this.store.exists(known.file));
    if (known && present && this.o.skipKnown) {
      this.summary.alreadyPresent++;
      this.o.log(`[have] ${known.file} (known; not revalidated)`);
      return { outcome: 'present', file: known.file, bytes: () => this.store.read(known.file) };
    }
    const prior = this.store.state.failures[c.url];
    if (prior?.code === 'too-large' && (prior.limit ?? Infinity) >= this.o.maxBytes) {
      this.fail(c.url, `${prior.reason} (on ${prior.at.slice(0, 10)}; not retried at the same limit — raise --max-mb)`);
      return { outcome: 'failed' };
    }
    const res = await this.http.get(c.url, present ? { etag: known.etag, lastModified: known.last_modified } : undefined);
    return this.persist(c.url, res, c, kind, undefined, reportPage);
  }

  protected failedFetch(url: string, res: FetchResult & { kind: 'failed' }) {
    if (res.code === 'robots' || res.code === 'off-host') {
      this.note(url, res.reason);
      return;
    }
    this.fail(url, `${res.reason}${res.attempts > 1 ? ` after ${res.attempts} attempts` : ''}`);
    this.store.state.failures[url] = {
      code: res.code,
      reason: res.reason,
      at: new Date().toISOString(),
      ...(res.code === 'too-large' ? { limit: this.o.maxBytes } : {}),
    };
  }

  protected async persist(url: string, res: FetchResult, c: Candidate, kind: Sidecar['kind'], info?: PageInfo, reportPage?: string): Promise<Got> {
    const known = this.store.state.documents[url];
    const now = new Date().toISOString();
    if (res.kind === 'failed') {
      this.failedFetch(url, res);
      await this.store.save();
      return { outcome: 'failed' };
    }
    if (res.kind === 'not-modified') {
      if (!known) {
        this.fail(url, 'HTTP 304 for a document not held');
        return { outcome: 'failed' };
      }
      known.checked_at = now;
      if (res.headers.etag) known.etag = res.headers.etag;
      if (res.headers['last-modified']) known.last_modified = res.headers['last-modified'];
      await this.store.save();
      this.summary.alreadyPresent++;
      this.o.log(`[have] ${known.file} (HTTP 304 not modified)`);
      return { outcome: 'present', file: known.file, bytes: () => this.store.read(known.file) };
    }
    const hash = sha256(res.bytes);
    const present = !!known && (await this.store.exists(known.file));
    const html = isHtml(res.headers['content-type'], res.bytes, res.finalUrl);
    let decoded: ReturnType<typeof decodeHtml> | undefined;
    if (html) {
      decoded = decodeHtml(res.bytes, res.headers['content-type']);
      info ??= pageInfo(decoded.text, res.finalUrl);
    }
    const textHash = info ? sha256(info.text) : undefined;
    const sameText = !!textHash && known?.text_sha256 === textHash;
    if (present && (known.sha256 === hash || sameText)) {
      known.checked_at = now;
      if (res.headers.etag) known.etag = res.headers.etag;
      if (res.headers['last-modified']) known.last_modified = res.headers['last-modified'];
      await this.store.save();
      this.summary.alreadyPresent++;
      this.o.log(`[have] ${known.file} (${known.sha256 === hash ? 'same sha256' : 'same text; only the markup differs'})`);
      return { outcome: 'present', file: known.file, bytes: async () => res.bytes, contentType: res.headers['content-type'] };
    }
    const dup = this.store.fileWithHash(hash, textHash, url);
    if (dup && (await this.store.exists(dup))) {
      this.store.state.documents[url] = {
        file: dup,
        sha256: hash,
        ...(textHash ? { text_sha256: textHash } : {}),
        ...(res.headers.etag ? { etag: res.headers.etag } : {}),
        ...(res.headers['last-modified'] ? { last_modified: res.headers['last-modified'] } : {}),
        fetched_at: now,
        kind,
      };
      await this.store.save();
      this.summary.alreadyPresent++;
      this.o.log(`[have] ${dup} (same ${textHash ? 'page' : 'bytes'} already saved from another URL) ← ${url}`);
      return { outcome: 'present', file: dup, bytes: async () => res.bytes, contentType: res.headers['content-type'] };
    }
    if (kind === 'report-page' && !html) kind = 'document';
    const ext = extensionFor(res.finalUrl, res.headers['content-type'], res.headers['content-disposition'], res.bytes);
    const file = fileNameFor(url, ext);
    const charset = decoded?.charset;
    const title = info?.title || undefined;
    const sidecar: Sidecar = {
      url,
      ...(res.finalUrl !== url ? { final_url: res.finalUrl } : {}),
      fetched_at: now,
      found_on: c.foundOn,
      link_text: c.linkText,
      kind,
      ...(reportPage ? { report_page: reportPage } : {}),
      year: c.year ?? (title ? yearIn(title) : null),
      ...(title ? { title } : {}),
      ...(charset ? { charset } : {}),
      http: { status: res.status, ...res.headers },
      sha256: hash,
      bytes: res.bytes.byteLength,
      file,
      collector: this.o.userAgent,
    };
    await this.store.writeDocument(file, res.bytes, sidecar);
    this.store.state.documents[url] = {
      file,
      sha256: hash,
      ...(res.finalUrl !== url ? { final_url: res.finalUrl } : {}),
      ...(textHash ? { text_sha256: textHash } : {}),
      ...(res.headers.etag ? { etag: res.headers.etag } : {}),
      ...(res.headers['last-modified'] ? { last_modified: res.headers['last-modified'] } : {}),
      fetched_at: now,
      kind,
    };
    delete this.store.state.failures[url];
    await this.store.save();
    this.summary.downloaded.push(file);
    this.o.log(`[save] ${file} (${fmtBytes(res.bytes.byteLength)})${known ? ' — changed since last run' : ''} ← ${url}`);
    return { outcome: 'saved', file, bytes: async () => res.bytes, contentType: res.headers['content-type'] };
  }

  get requests() {
    return this.http.requests;
  }
}
