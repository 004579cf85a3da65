/**
 * npm run preview [-- --port N --host H --dir D]
 * Serves the built site (dist/, or ATLAS_OUT_DIR) with the headers a host must send (scripts/site/hosting.ts,
 * docs/SITE.md "Hosting"): CSP with frame-ancestors, nosniff, originals as downloads, gzip for WASM and text.
 * Replaces `astro preview`, whose server can only send the same headers on every path.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '../site/serve.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : dflt; };
const dir = resolve(opt('dir', process.env.ATLAS_OUT_DIR ?? 'dist'));
const port = Number(opt('port', '4321'));
const host = opt('host', '127.0.0.1');
if (!existsSync(join(dir, 'index.html'))) {
  process.stderr.write(`${dir}: no built site (index.html missing) — run \`npm run build\` first\n`);
  process.exit(1);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) { process.stderr.write(`--port wants 0–65535, got "${opt('port', '')}"\n`); process.exit(2); }
try {
  const srv = await serveStatic(dir, { host, port });
  process.stdout.write(`serving ${dir} at ${srv.url} (hosting headers on; Ctrl+C stops)\n`);
} catch (e) {
  process.stderr.write(`cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
  process.exit(1);
}
