/**
 * npm run collect -- --from URL [--from URL ...] [--from-file urls.txt] [--out data/reports] [--since 2019]
 *                    [--max-pages N] [--delay-ms 1000] ...
 * Fetches the annual reports linked from 政府信息公开年报 channels into --out, with a `.source.json` sidecar per
 * file and a resumable `.collect-state.json`. Progress on stdout; exit 0 when nothing failed, 1 when some
 * document failed (see the summary), 2 on bad usage. See docs/COLLECT.md.
 */
import { readFile } from 'node:fs/promises';
import { USAGE, UsageError, checkUrls, parseArgs, urlsFromText } from '../collect/args.ts';
import { Collector } from '../collect/crawl.ts';
import { formatSummary } from '../collect/summary.ts';
import { userAgent } from '../collect/http.ts';

async function main(): Promise<number> {
  let args;
  let from: string[];
  try {
    args = parseArgs(process.argv.slice(2));
    const urls = checkUrls(args.from, '--from');
    for (const f of args.fromFiles) {
      let text: string;
      try {
        text = await readFile(f, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(`--from-file ${f}: ${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}`);
      }
      urls.push(...checkUrls(urlsFromText(text), f));
    }
    from = [...new Set(urls)];
    if (!from.length) throw new UsageError('give at least one --from URL or --from-file');
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`collect: ${e.message}\n`);
      process.stderr.write(USAGE + '\n');
      return 2;
    }
    throw e;
  }
  const ua = userAgent(args.contact);
  const log = (line: string) => process.stdout.write(line + '\n');
  log(`collect: ${from.length} start URL(s) → ${args.out} (delay ${args.delayMs} ms, max ${args.maxPages} list pages each${args.since ? `, since ${args.since}` : ''})`);
  log(`User-Agent: ${ua}`);
  process.once('SIGINT', () => {
    // The state file is rewritten (atomically) after every file, so stopping here loses at most the download in flight.
    log(`\ncollect: interrupted — ${args.out}/.collect-state.json holds everything saved so far; run the same command again to resume`);
    process.exit(130);
  });
  const summary = await Collector.run({ ...args, from, userAgent: ua, log });
  log(formatSummary(summary));
  return summary.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`collect: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
