// Static site (docs/SITE.md). Data comes from public/data (written by `npm run build:data`);
// ATLAS_DATA_DIR points the build at another data directory (tests: the injection data set), and is then
// copied into <outDir>/data. ATLAS_OUT_DIR changes the output directory (tests build a second site).
import { defineConfig } from 'astro/config';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const dataDir = process.env.ATLAS_DATA_DIR ? resolve(process.env.ATLAS_DATA_DIR) : null;
// the embed snippet pins public/embed.js with subresource integrity (docs/SITE.md "Hosting")
const embedSri = 'sha384-' + createHash('sha384').update(readFileSync(new URL('./public/embed.js', import.meta.url))).digest('base64');

export default defineConfig({
  output: 'static',
  outDir: process.env.ATLAS_OUT_DIR ? resolve(process.env.ATLAS_OUT_DIR) : './dist',
  site: process.env.ATLAS_SITE || undefined,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  vite: {
    define: { __ATLAS_EMBED_SRI__: JSON.stringify(embedSri) },
    ssr: { external: ['@duckdb/node-api'] },
    build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 4000 },
    worker: { format: 'es' },
  },
  integrations: [{
    name: 'atlas-data-dir',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const out = resolve(fileURLToPath(dir), 'data');
        // the data folder is served from elsewhere (docs/SITE.md "Deploy layout"): the site carries none of it, but
        // keeps the data page, whose route /data/ is the folder's name (data/index.html)
        if (process.env.ATLAS_DATA_URL) {
          for (const e of existsSync(out) ? readdirSync(out) : []) if (e !== 'index.html') rmSync(resolve(out, e), { recursive: true, force: true });
          return;
        }
        if (!dataDir) return;
        // dereference: the build's --out is a link to its current build folder; dist/ must hold the files
        if (existsSync(dataDir)) cpSync(dataDir, out, { recursive: true, dereference: true });
      },
    },
  }],
});
