/**
 * Polite HTTP for the collector (Node 20 global fetch): one request at a time per host with a delay between
 * them, robots.txt obeyed (robots-parser), retries with exponential backoff on 5xx/429/timeouts/network
 * errors, redirects followed by hand so that they never leave the allowed hosts, and a size and time limit per
 * download (the body is read as a stream and abandoned as soon as it passes the limit).
 */
import robotsParser from 'robots-parser';

export const PRODUCT = 'GongkaiAtlas';
/**
 * The project has no public URL yet (no git remote), so none is invented here: pass --contact URL-or-email
 * (or set GONGKAI_ATLAS_CONTACT) and it is added as "+contact", the usual crawler convention.
 */
export function userAgent(contact?: string): string {
  const c = contact?.trim();
  // HTTP header values must be Latin-1, so the Chinese project name (信息公开年报数据台) cannot appear here.
  return `${PRODUCT}/0.1 (${c ? `+${c}; ` : ''}research crawler for government open-information annual reports, xinxi gongkai nianbao)`;
}

export interface HttpOptions {
  userAgent: string;
  /** pause between two requests to the same host (ms); robots.txt Crawl-delay raises it */
  delayMs: number;
  /** whole request, body included (ms); the headers must come within a quarter of it (at most 30 s) */
  timeoutMs: number;
  maxBytes: number;
  /** extra attempts after the first on 5xx/429/408/timeouts/network errors */
  retries: number;
  /** first backoff (ms); doubles per attempt; a Retry-After header (≤ 60 s) wins if longer */
  backoffMs: number;
  /** hosts (host:port) the collector may contact: those of the --from URLs */
  allowedHosts: Set<string>;
  log?: (line: string) => void;
}

/** Response headers kept in sidecars and state. */
export interface KeptHeaders {
  'content-type'?: string;
  etag?: string;
  'last-modified'?: string;
  'content-length'?: string;
  'content-disposition'?: string;
}

export type FailCode = 'robots' | 'off-host' | 'too-large' | 'timeout' | 'http' | 'network' | 'redirects' | 'bad-url';

export type FetchResult =
  | { kind: 'ok'; url: string; finalUrl: string; status: number; headers: KeptHeaders; bytes: Uint8Array; attempts: number }
  | { kind: 'not-modified'; url: string; finalUrl: string; status: 304; headers: KeptHeaders; attempts: number }
  | { kind: 'failed'; url: string; code: FailCode; reason: string; status?: number; attempts: number };

export interface Validators {
  etag?: string;
  lastModified?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Most time allowed for the response headers: a quarter of --timeout-ms, at most this. */
const HEADER_TIMEOUT_MS = 30_000;
const KEEP = ['content-type', 'etag', 'last-modified', 'content-length', 'content-disposition'] as const;

type Attempt =
  | { kind: 'response'; status: number; headers: Headers; bytes: Uint8Array | null; finalUrl: string }
  | { kind: 'error'; code: FailCode; reason: string; retryable: boolean; retryAfterMs?: number; status?: number };

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

export class PoliteHttp {
  private chains = new Map<string, Promise<void>>();
  private lastEnd = new Map<string, number>();
  private robots = new Map<string, Promise<Robots | 'disallow-all' | null>>();
  private crawlDelayMs = new Map<string, number>();
  readonly requests: { url: string; status: number | string }[] = [];

  constructor(private readonly o: HttpOptions) {}

  isAllowedHost(url: string): boolean {
    try {
      return this.o.allowedHosts.has(new URL(url).host);
    } catch {
      return false;
    }
  }

  /** GET with politeness rules; `validators` make it conditional (304 → not-modified). */
  async get(url: string, validators?: Validators): Promise<FetchResult> {
    let current: string;
    try {
      current = new URL(url).href;
    } catch {
      return { kind: 'failed', url, code: 'bad-url', reason: `not a URL: ${url}`, attempts: 0 };
    }
    let attempts = 0;
    for (let hop = 0; hop <= 5; hop++) {
      if (!this.isAllowedHost(current)) {
        return { kind: 'failed', url, code: 'off-host', reason: `${new URL(current).host} is not a --from host`, attempts };
      }
      const robotsOk = await this.robotsAllows(current);
      if (robotsOk !== true) {
        return { kind: 'failed', url, code: 'robots', reason: robotsOk, attempts };
      }
      const headers: Record<string, string> = {};
      if (validators?.etag) headers['if-none-match'] = validators.etag;
      if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
      let res: Attempt | undefined;
      for (let i = 0; i <= this.o.retries; i++) {
        attempts++;
        res = await this.once(current, headers);
        if (res.kind === 'response' || !res.retryable || i === this.o.retries) break;
        const wait = Math.max(this.o.backoffMs * 2 ** i, Math.min(res.retryAfterMs ?? 0, 60_000));
        this.o.log?.(`  retry ${i + 1}/${this.o.retries} in ${wait} ms: ${current} (${res.reason})`);
        await sleep(wait);
      }
      if (!res || res.kind === 'error') {
        return { kind: 'failed', url, code: res?.code ?? 'network', reason: res?.reason ?? 'no response', status: res?.status, attempts };
      }
      const kept = keptHeaders(res.headers);
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const loc = res.headers.get('location');
        if (!loc) return { kind: 'failed', url, code: 'http', reason: `HTTP ${res.status} without Location`, status: res.status, attempts };
        current = new URL(loc, current).href;
        continue;
      }
      if (res.status === 304) return { kind: 'not-modified', url, finalUrl: current, status: 304, headers: kept, attempts };
      return { kind: 'ok', url, finalUrl: current, status: res.status, headers: kept, bytes: res.bytes!, attempts };
    }
    return { kind: 'failed', url, code: 'redirects', reason: 'more than 5 redirects', attempts };
  }

  /** true, or the reason the URL may not be fetched. RFC 9309: 4xx robots.txt = allow all; unreachable = disallow all. */
  private async robotsAllows(url: string): Promise<true | string> {
    const u = new URL(url);
    if (u.pathname === '/robots.txt') return true;
    let p = this.robots.get(u.origin);
    if (!p) {
      p = this.loadRobots(u.origin);
      this.robots.set(u.origin, p);
    }
    const robots = await p;
    if (robots === null) return true;
    if (robots === 'disallow-all') return `robots.txt of ${u.host} could not be fetched (treated as disallow-all, RFC 9309)`;
    return robots.isAllowed(url, PRODUCT) === false ? `disallowed by ${u.origin}/robots.txt` : true;
  }

  private async loadRobots(origin: string): Promise<Robots | 'disallow-all' | null> {
    const robotsUrl = `${origin}/robots.txt`;
    let current = robotsUrl;
    for (let hop = 0; hop <= 5; hop++) {
      let res: Attempt | undefined;
      for (let i = 0; i <= this.o.retries; i++) {
        res = await this.once(current, {});
        if (res.kind === 'response' || !res.retryable || i === this.o.retries) break;
        await sleep(this.o.backoffMs * 2 ** i);
      }
      if (!res || res.kind === 'error') {
        // 4xx (and an absurdly large file) = "unavailable": no restrictions. 5xx/network/timeout = "unreachable".
        if (res?.code === 'too-large' || (res?.status && res.status >= 400 && res.status < 500)) return null;
        this.o.log?.(`  robots.txt ${origin}: ${res?.reason ?? 'no response'} → not crawling this host`);
        return 'disallow-all';
      }
      if (res.status >= 300 && res.status < 400) {
        const loc = res.headers.get('location');
        if (!loc) return null;
        const next = new URL(loc, current);
        if (!this.o.allowedHosts.has(next.host)) return null;
        current = next.href;
        continue;
      }
      if (res.status >= 400 && res.status < 500) return null;
      if (res.status >= 500) return 'disallow-all';
      const text = new TextDecoder('utf-8').decode(res.bytes ?? new Uint8Array());
      const robots = robotsParser(robotsUrl, text) as Robots;
      const cd = robots.getCrawlDelay(PRODUCT);
      if (cd && cd > 0) {
        const ms = Math.min(cd * 1000, 300_000);
        this.crawlDelayMs.set(new URL(origin).host, ms);
        this.o.log?.(`  robots.txt ${origin}: Crawl-delay ${cd}s`);
      }
      return robots;
    }
    return null;
  }

  /** One request, serialised per host, after the delay since the previous one to that host ended. */
  private async once(url: string, extra: Record<string, string>): Promise<Attempt> {
    const host = new URL(url).host;
    const prev = this.chains.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.chains.set(host, prev.then(() => mine));
    await prev;
    try {
      const delay = Math.max(this.o.delayMs, this.crawlDelayMs.get(host) ?? 0);
      const wait = (this.lastEnd.get(host) ?? -Infinity) + delay - Date.now();
      if (wait > 0) await sleep(wait);
      const r = await this.request(url, extra);
      this.requests.push({ url, status: r.kind === 'response' ? r.status : r.code });
      return r;
    } finally {
      this.lastEnd.set(host, Date.now());
      release();
    }
  }

  private async request(url: string, extra: Record<string, string>): Promise<Attempt> {
    const ac = new AbortController();
    let timedOut: string | null = null;
    const timer = setTimeout(() => {
      timedOut ??= `no complete response within ${this.o.timeoutMs} ms`;
      ac.abort();
    }, this.o.timeoutMs);
    // A server that does not even answer is given less time than a slow download of a large PDF.
    const headerMs = Math.min(Math.ceil(this.o.timeoutMs / 4), HEADER_TIMEOUT_MS);
    const headerTimer = setTimeout(() => {
      timedOut ??= `no response headers within ${headerMs} ms`;
      ac.abort();
    }, headerMs);
    try {
      const res = await fetch(url, {
        redirect: 'manual',
        signal: ac.signal,
        headers: {
          'user-agent': this.o.userAgent,
          accept: 'text/html,application/xhtml+xml,application/pdf,application/msword,*/*;q=0.8',
          'accept-language': 'zh-CN,zh;q=0.9',
          ...extra,
        },
      });
      clearTimeout(headerTimer);
      const status = res.status;
      if (status >= 500 || status === 429 || status === 408) {
        await res.body?.cancel().catch(() => {});
        const ra = res.headers.get('retry-after');
        const retryAfterMs = ra && /^\d+$/.test(ra.trim()) ? Number(ra) * 1000 : undefined;
        return { kind: 'error', code: 'http', reason: `HTTP ${status}`, retryable: true, retryAfterMs, status };
      }
      if (status >= 400) {
        await res.body?.cancel().catch(() => {});
        return { kind: 'error', code: 'http', reason: `HTTP ${status}`, retryable: false, status };
      }
      if (status !== 200 && status !== 203 && (status < 200 || status >= 300)) {
        await res.body?.cancel().catch(() => {});
        return { kind: 'response', status, headers: res.headers, bytes: null, finalUrl: url };
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > this.o.maxBytes) {
        await res.body?.cancel().catch(() => {});
        ac.abort();
        return { kind: 'error', code: 'too-large', reason: `Content-Length ${declared} exceeds the ${fmtBytes(this.o.maxBytes)} limit`, retryable: false };
      }
      const chunks: Uint8Array[] = [];
      let n = 0;
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          n += value.byteLength;
          if (n > this.o.maxBytes) {
            await reader.cancel().catch(() => {});
            ac.abort();
            return { kind: 'error', code: 'too-large', reason: `body passed the ${fmtBytes(this.o.maxBytes)} limit; download abandoned`, retryable: false };
          }
          chunks.push(value);
        }
      }
      return { kind: 'response', status, headers: res.headers, bytes: Buffer.concat(chunks, n), finalUrl: url };
    } catch (e) {
      if (timedOut) return { kind: 'error', code: 'timeout', reason: timedOut, retryable: true };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'error', code: 'network', reason: cause?.code ?? cause?.message ?? (e as Error).message, retryable: true };
    } finally {
      clearTimeout(timer);
      clearTimeout(headerTimer);
    }
  }
}

function keptHeaders(h: Headers): KeptHeaders {
  const out: KeptHeaders = {};
  for (const k of KEEP) {
    const v = h.get(k);
    if (v != null) out[k] = v;
  }
  return out;
}

export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} B`;
}
