/**
 * The e2e tests' and the site benchmark's static server: scripts/site/serve.ts (Range support, the hosting
 * headers of scripts/site/hosting.ts, gzip), on 127.0.0.1 at an ephemeral port, with `no-store` so every
 * page load is cold. `{ hosting: false }` serves like a bare static host that sends no security headers.
 */
import { serveStatic as serve, type ServeOptions, type StaticServer } from '../../scripts/site/serve.ts';

export type { StaticServer };
export function serveStatic(rootDir: string, opts: ServeOptions = {}): Promise<StaticServer> {
  return serve(rootDir, { noStore: true, ...opts });
}
