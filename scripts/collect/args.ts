/** Command-line options of `npm run collect` (pure parsing; the CLI reads --from-file). */
import type { CollectOptions } from './options.ts';

export const USAGE = `usage: npm run collect -- --from URL [--from URL ...] [--from-file urls.txt] [--out data/reports]
                       [--since 2019] [--max-pages 100] [--delay-ms 1000]
                       [--timeout-ms 120000] [--max-mb 30] [--retries 3] [--backoff-ms 2000]
                       [--skip-known] [--contact URL-or-email]`;

/** The command line's options: a run's options (less what the CLI derives: user agent, log) plus where URLs come from. */
export interface CollectArgs extends Omit<CollectOptions, 'userAgent' | 'log'> {
  fromFiles: string[];
  contact: string | undefined;
}

export class UsageError extends Error {}

function int(name: string, v: string | undefined, min: number): number {
  if (v == null || !/^\d+$/.test(v)) throw new UsageError(`${name} needs a whole number, got ${v ?? 'nothing'}`);
  const n = Number(v);
  if (n < min) throw new UsageError(`${name} must be at least ${min}`);
  return n;
}

export function parseArgs(argv: string[]): CollectArgs {
  const a: CollectArgs = {
    from: [],
    fromFiles: [],
    out: 'data/reports',
    since: null,
    maxPages: 100,
    delayMs: 1000,
    timeoutMs: 120_000,
    maxBytes: 30 * 1024 * 1024,
    retries: 3,
    backoffMs: 2000,
    skipKnown: false,
    contact: process.env.GONGKAI_ATLAS_CONTACT,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v == null || (inline == null && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--from':
        a.from.push(value());
        break;
      case '--from-file':
        a.fromFiles.push(value());
        break;
      case '--out':
        a.out = value();
        break;
      case '--since':
        a.since = int(flag, value(), 1990);
        break;
      case '--max-pages':
        a.maxPages = int(flag, value(), 1);
        break;
      case '--delay-ms':
        a.delayMs = int(flag, value(), 0);
        break;
      case '--timeout-ms':
        a.timeoutMs = int(flag, value(), 1);
        break;
      case '--max-mb': {
        const v = value();
        if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0) throw new UsageError(`--max-mb needs a positive number, got ${v}`);
        a.maxBytes = Math.round(Number(v) * 1024 * 1024);
        break;
      }
      case '--retries':
        a.retries = int(flag, value(), 0);
        break;
      case '--backoff-ms':
        a.backoffMs = int(flag, value(), 0);
        break;
      case '--skip-known':
        a.skipKnown = true;
        break;
      case '--contact':
        a.contact = value();
        break;
      case '-h':
      case '--help':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option ${raw}`);
    }
  }
  return a;
}

/** URLs from a --from-file: one per line; blank lines and # comments ignored. */
export function urlsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

/** Checks every URL is absolute http(s); returns them deduplicated in order. */
export function checkUrls(urls: string[], source: string): string[] {
  const out: string[] = [];
  for (const u of urls) {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new UsageError(`${source}: not an absolute URL: ${u}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source}: not an http(s) URL: ${u}`);
    url.hash = '';
    if (!out.includes(url.href)) out.push(url.href);
  }
  return out;
}
