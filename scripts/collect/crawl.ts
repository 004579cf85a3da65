/**
 * The crawl: from list pages of a 政府信息公开年报 channel (or single report pages) to the report pages and
 * attachments to save — seeds, pagination, sub-lists, report pages and their attachments. Saving one URL
 * (revalidation, dedupe, sidecars) is save.ts; link parsing, classification and naming are pure modules beside it.
 */
import { classifyLink, namesAnnualReport, rejectionReason, yearIn } from './classify.ts';
import { decodeHtml } from './decode.ts';
import type { FetchResult } from './http.ts';
import { docExtension, pageInfo, type PageInfo, type PageLink } from './links.ts';
import type { CollectOptions } from './options.ts';
import { bestText, isHtml, OTHER_ATTACHMENT, titleNamesReport } from './pages.ts';
import { type Candidate, Saver } from './save.ts';
import type { Sidecar } from './sidecar.ts';
import { Store } from './store.ts';
import type { Summary } from './summary.ts';

export class Collector extends Saver {
  private listsVisited = new Set<string>();
  private candidates = new Map<string, Candidate>();
  private seedsVisited = new Set<string>();

  private constructor(o: CollectOptions, store: Store) {
    super(o, store);
  }

  static async run(o: CollectOptions): Promise<Summary> {
    const c = new Collector(o, await Store.open(o.out));
    for (const seed of o.from) await c.seed(seed);
    await c.store.save();
    c.summary.reportsFound = c.candidates.size;
    return c.summary;
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
}
