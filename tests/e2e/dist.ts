/**
 * The built site the e2e tests run against: dist/, or ATLAS_E2E_DIST (`npm run test:e2e:scale` builds one from the
 * bundled reports plus thousands of synthetic ones and points the tests at it).
 */
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = process.env.ATLAS_E2E_DIST ? resolve(process.env.ATLAS_E2E_DIST) : join(ROOT, 'dist');
