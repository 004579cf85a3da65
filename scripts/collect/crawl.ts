/**
 * The collector: from list pages of a 政府信息公开年报 channel (or single report pages) to saved report pages
 * and attachments with provenance sidecars. I/O lives here; link parsing, classification and naming are pure
 * modules beside it.
 */
import { classifyLink, namesAnnualReport, rejectionReason, yearIn, type LinkInfo } from './classify.ts';
import { decodeHtml } from './decode.ts';
import { PoliteHttp, fmtBytes, type FetchResult, type HttpOptions } from './http.ts';
import { docExtension, pageInfo, type PageInfo, type PageLink } from './links.ts';
import type { Sidecar } from './sidecar.ts';
import { Store, extensionFor, fileNameFor, sha256 } from './store.ts';

export interface CollectOptions {
  from: string[];
  out: string;
  /** keep reports for this year and later */
  since: number | null;
  /** list pages visited per --from URL (pagination included) */
  maxPages: number;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  retries: number;
  backoffMs: number;
  /** do not even revalidate documents the state file already holds (fastest resume) */
  skipKnown: boolean;
  userAgent: string;
  log: (line: string) => void;
}

export interface Summary {
  listPages: number;
  reportPages: number;
  reportsFound: number;
  downloaded: string[];
  alreadyPresent: number;
  failed: { url: string; reason: string }[];
  notFollowed: { url: string; reason: string }[];
}

interface Candidate {
  url: string;
  linkText: string;
  foundOn: string | null;
  year: number | null;
}

type Got =
  | { outcome: 'saved' | 'present'; file: string; bytes: () => Promise<Uint8Array>; contentType?: string }
  | { outcome: 'failed' };

/** An attachment link on a report page that is plainly some other document (application forms, guides). */
const OTHER_ATTACHMENT = /申请表|申请书|指南|预算|决算/;

function isHtml(contentType: string | undefined, bytes: Uint8Array, url: string): boolean {
  if (docExtension(url)) return false;
  if (contentType) return /html|xml/i.test(contentType);
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<');
}

function titleNamesReport(info: PageInfo): { year: number } | null {
  for (const t of info.titles) {
    if (namesAnnualReport(t)) {
      const y = yearIn(t);
      if (y) return { year: y };
    }
  }
  return null;
}

function bestText(l: LinkInfo): string {
  const t = l.text.trim();
  const title = l.title?.trim();
  if (title && title.length > t.length) return title;
  // "查看" in a row that carries the title: the row says what the link is
  if (l.context && classifyLink({ text: '', url: l.url, context: l.context })?.by === 'row') return l.context;
  return t;
}

export class Collector {
  private http: PoliteHttp;
  private summary: Summary = { listPages: 0, reportPages: 0, reportsFound: 0, downloaded: [], alreadyPresent: 0, failed: [], notFollowed: [] };
  private listsVisited = new Set<string>();
  private candidates = new Map<string, Candidate>();
  private handled = new Set<string>();
  private noted = new Set<string>();
  private seedsVisited = new Set<string>();

  private constructor(
    private readonly o: CollectOptions,
    private readonly store: Store,
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

  static async run(o: CollectOptions): Promise<Summary> {
    const c = new Collector(o, await Store.open(o.out));
    for (const seed of o.from) await c.seed(seed);
    await c.store.save();
    c.summary.reportsFound = c.candidates.size;
    return c.summary;
  }

  private note(url: string, reason: string) {
    if (this.noted.has(url)) return;
    this.noted.add(url);
    this.summary.notFollowed.push({ url, reason });
    this.o.log(`[skip] ${url} — ${reason}`);
  }

  private fail(url: string, reason: string) {
    this.summary.failed.push({ url, reason });
    this.o.log(`[fail] ${url} — ${reason}`);
  }

  private async seed(url: string): Promise<void> {
    if (this.seedsVisited.has(url)) return; // the same --from twice, or a meta-refresh loop
    this.seedsVisited.add(url);
    this.o.log(`[from] ${url}`);
    const known = this.store.state.documents[url];
    if (known) {
      // A page saved on an earlier run as a report (or a document given directly): revalidate, don't re-list.
      const cand = { url, linkText: '', foundOn: null, year: null };
      this.register(cand);
      await this.report(cand);
      return;
    }
    const res = await this.http.get(url);
    if (res.kind === 'failed') return this.failedFetch(url, res);
    if (res.kind !== 'ok') return this.fail(url, `unexpected HTTP ${res.status}`);
    if (!isHtml(res.headers['content-type'], res.bytes, res.finalUrl)) {
      this.register({ url, linkText: '', foundOn: null, year: yearIn(url) });
      await this.persist(url, res, { url, linkText: '', foundOn: null, year: null }, 'document');
      return;
    }
    const info = pageInfo(decodeHtml(res.bytes, res.headers['content-type']).text, res.finalUrl);
    if (info.refresh && info.links.length < 3 && this.http.isAllowedHost(info.refresh)) {
      this.o.log(`  meta refresh → ${info.refresh}`);
      await this.seed(info.refresh);
      return;
    }
    const asReport = titleNamesReport(info);
    if (asReport) {
      const cand = { url, linkText: info.title, foundOn: null, year: asReport.year };
      this.register(cand);
      this.summary.reportPages++;
      await this.reportFromResponse(cand, res, info);
      return;
    }
    await this.list(url, info);
  }

  private register(c: Candidate): boolean {
    if (this.candidates.has(c.url)) return false;
    this.candidates.set(c.url, c);
    return true;
  }

  /** Visit a list page and its pagination (breadth first, ≤ --max-pages), then fetch the reports found. */
  private async list(startUrl: string, startInfo: PageInfo) {
    const queue: string[] = [startUrl];
    const queued = new Set(queue);
    const found: Candidate[] = [];
    let visited = 0;
    while (queue.length && visited < this.o.maxPages) {
      const url = queue.shift()!;
      if (this.listsVisited.has(url)) continue;
      this.listsVisited.add(url);
      // A channel given as ".../ndbg/" is the same page as its pager's ".../ndbg/index.html".
      if (url.endsWith('/')) for (const ext of ['html', 'htm', 'shtml']) this.listsVisited.add(`${url}index.${ext}`);
      let info: PageInfo;
      if (url === startUrl) info = startInfo;
      else {
        const res = await this.http.get(url);
        if (res.kind !== 'ok') {
          if (res.kind === 'failed') this.failedFetch(url, res);
          continue;
        }
        info = pageInfo(decodeHtml(res.bytes, res.headers['content-type']).text, res.finalUrl);
      }
      visited++;
      this.summary.listPages++;
      let n = 0;
      for (const link of info.links) {
        const c = this.candidate(link, url);
        if (c && this.register(c)) {
          found.push(c);
          n++;
        }
      }
      let more = 0;
      for (const p of info.pagination) {
        if (!queued.has(p) && !this.listsVisited.has(p)) {
          queued.add(p);
          queue.push(p);
          more++;
        }
      }
      this.o.log(`[list] ${url} — ${n} report link(s)${more ? `, ${more} more page(s) queued` : ''}`);
    }
    if (queue.length) this.o.log(`  --max-pages ${this.o.maxPages} reached; ${queue.length} list page(s) not visited`);
    if (!found.length && visited === 1) {
      this.o.log(`  no report links on ${startUrl}: is it the 年报 channel's list page? (lists built by JavaScript or behind a script challenge cannot be read)`);
    }
    for (const c of found) await this.report(c);
  }

  private candidate(link: PageLink, listUrl: string): Candidate | null {
    if (link.via === 'frame') return null;
    const cls = classifyLink(link);
    if (!cls) {
      const why = rejectionReason(link);
      if (why) this.note(link.url, `${why} (“${bestText(link)}”)`);
      return null;
    }
    if (this.o.since != null && cls.year < this.o.since) {
      this.note(link.url, `report year ${cls.year} is before --since ${this.o.since} (“${bestText(link)}”)`);
      return null;
    }
    if (!this.http.isAllowedHost(link.url)) {
      this.note(link.url, `on another host (${new URL(link.url).host}); add it with --from to allow (“${bestText(link)}”)`);
      return null;
    }
    return { url: link.url, linkText: bestText(link), foundOn: listUrl, year: cls.year };
  }

  /** A report link: a document (PDF/DOC/...) is saved as is; a page is saved with its attachments. */
  private async report(c: Candidate) {
    if (this.handled.has(c.url)) return;
    this.handled.add(c.url);
    if (docExtension(c.url)) {
      await this.acquire(c, 'document');
      return;
    }
    const known = this.store.state.documents[c.url];
    const present = known && (await this.store.exists(known.file));
    if (known && present && this.o.skipKnown) {
      this.summary.alreadyPresent++;
      this.o.log(`[have] ${known.file} (known; not revalidated)`);
      if (known.kind === 'report-page') await this.attachments(c, known.file, await this.store.read(known.file), undefined);
      return;
    }
    const res = await this.http.get(c.url, present ? { etag: known.etag, lastModified: known.last_modified } : undefined);
    if (res.kind === 'failed') return this.failedFetch(c.url, res);
    if (res.kind === 'not-modified') {
      if (known!.kind === 'report-page') this.summary.reportPages++;
      const got = await this.persist(c.url, res, c, 'report-page');
      if (got.outcome !== 'failed' && known!.kind === 'report-page') await this.attachments(c, got.file, await got.bytes(), undefined);
      return;
    }
    if (!isHtml(res.headers['content-type'], res.bytes, res.finalUrl)) {
      await this.persist(c.url, res, c, 'document');
      return;
    }
    this.summary.reportPages++;
    const info = pageInfo(decodeHtml(res.bytes, res.headers['content-type']).text, res.finalUrl);
    // A "report" link that opens a sub-list (e.g. one page per year listing every agency's report).
    if (!titleNamesReport(info) && !this.listsVisited.has(c.url)) {
      const inner = info.links.filter((l) => l.url !== c.url && !info.pagination.includes(l.url) && classifyLink(l));
      if (new Set(inner.map((l) => l.url)).size >= 2) {
        this.summary.reportPages--;
        this.candidates.delete(c.url);
        this.o.log(`  ${c.url} is a list of reports, not a report; listing it`);
        await this.list(c.url, info);
        return;
      }
    }
    await this.reportFromResponse(c, res, info);
  }

  private async reportFromResponse(c: Candidate, res: FetchResult & { kind: 'ok' }, info: PageInfo) {
    this.handled.add(c.url);
    const got = await this.persist(c.url, res, c, 'report-page', info);
    if (got.outcome === 'failed') return;
    await this.attachments(c, got.file, res.bytes, res.headers['content-type'], info);
  }

  /** Fetch and save each attachment of a report page, then record them in the page's sidecar. */
  private async attachments(page: Candidate, pageFile: string, bytes: Uint8Array, contentType: string | undefined, known?: PageInfo) {
    // A page read back from disk resolves its relative links against the URL it was served from.
    const served = this.store.state.documents[page.url]?.final_url ?? page.url;
    const info = known ?? pageInfo(decodeHtml(bytes, contentType).text, served);
    const seen = new Set<string>();
    const list: NonNullable<Sidecar['attachments']> = [];
    for (const l of info.links) {
      if (!docExtension(l.url) || seen.has(l.url)) continue;
      seen.add(l.url);
      const text = bestText(l);
      if (OTHER_ATTACHMENT.test(text) && !namesAnnualReport(text)) {
        this.note(l.url, `attachment is another document (“${text}”)`);
        continue;
      }
      if (!this.http.isAllowedHost(l.url)) {
        this.note(l.url, `attachment on another host (${new URL(l.url).host}); add it with --from to allow`);
        continue;
      }
      const got = await this.acquire({ url: l.url, linkText: text, foundOn: page.url, year: classifyLink(l)?.year ?? page.year }, 'attachment', page.url);
      list.push({ url: l.url, file: got.outcome === 'failed' ? null : got.file, link_text: text });
    }
    if (!list.length) return;
    const sidecarFile = pageFile + '.source.json';
    const current = JSON.parse((await this.store.read(sidecarFile)).toString('utf8')) as Sidecar;
    // Merge: the same page may be reached under another URL; keep what earlier visits recorded.
    const merged = [...(current.attachments ?? [])];
    for (const a of list) {
      const i = merged.findIndex((m) => m.url === a.url);
      if (i < 0) merged.push(a);
      else if (a.file) merged[i] = a;
    }
    if (JSON.stringify(current.attachments ?? []) !== JSON.stringify(merged)) {
      await this.store.writeSidecar(pageFile, { ...current, attachments: merged });
    }
  }

  /** Fetch (conditionally when already held) and save a document. */
  private async acquire(c: Candidate, kind: Sidecar['kind'], reportPage?: string): Promise<Got> {
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

  private failedFetch(url: string, res: FetchResult & { kind: 'failed' }) {
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

  private async persist(url: string, res: FetchResult, c: Candidate, kind: Sidecar['kind'], info?: PageInfo, reportPage?: string): Promise<Got> {
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

export function formatSummary(s: Summary): string {
  const lines = [
    '== collect summary ==',
    `pages visited: ${s.listPages + s.reportPages} (${s.listPages} list, ${s.reportPages} report)`,
    `reports found: ${s.reportsFound}`,
    `downloaded: ${s.downloaded.length}`,
    `skipped as already present: ${s.alreadyPresent}`,
    `failed: ${s.failed.length}`,
    ...s.failed.map((f) => `  - ${f.url} — ${f.reason}`),
    `not followed: ${s.notFollowed.length}`,
    ...s.notFollowed.map((f) => `  - ${f.url} — ${f.reason}`),
  ];
  return lines.join('\n');
}
