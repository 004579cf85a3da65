/**
 * Imported first by the pages that need DuckDB (sqlpage.ts, chartpage.ts): starts the DuckDB worker (a 770 KB script) at once, while
 * the page's main chunk (DuckDB's JS, Arrow, hyparquet) is still loading; duck.ts picks this worker up.
 * Without it the worker would start only after the main chunk's import waterfall (~0.5–0.8 s later).
 */
import { startDuckWorker } from './duckworker.ts';
(globalThis as any).__atlasDuckWorker ??= startDuckWorker();
