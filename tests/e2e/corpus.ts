/**
 * Which corpus a built site's data holds, seen against the bundled reports (data/reports): exactly them (the site the
 * e2e tests normally run on), or them among others (`npm run test:e2e:scale` adds thousands of SYNTHETIC reports).
 * A test hard-checks the bundled corpus's real figures when `onlyBundled`, and otherwise compares what a page prints
 * with the same figure computed from the site's own data, still finding the bundled reports' values among the rest.
 * Input files are told apart by their SHA-256, as the files table records them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataQuery } from './reporttable.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const BUNDLED_DIR = join(ROOT, 'data', 'reports');

export interface CorpusKind {
  /** the data holds exactly the bundled input files */
  onlyBundled: boolean;
  /** every bundled input file is among the data's */
  hasBundled: boolean;
  /** bundled files the data lacks (paths under data/reports) */
  missing: string[];
  /** ids of the reports made from bundled files (duplicates excluded) */
  bundledIds: Set<string>;
}

export async function corpusKind(dataDir: string): Promise<CorpusKind> {
  const bundled = new Map<string, string>();
  for (const f of readdirSync(BUNDLED_DIR, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const path = join(f.parentPath ?? (f as any).path, f.name);
    bundled.set(createHash('sha256').update(readFileSync(path)).digest('hex'), path.slice(BUNDLED_DIR.length + 1));
  }
  const files = await dataQuery(dataDir, 'SELECT sha256, status, report_id FROM {files}');
  const inData = new Set(files.map((f) => String(f.sha256)));
  const missing = [...bundled].filter(([sha]) => !inData.has(sha)).map(([, p]) => p);
  const bundledIds = new Set(files.filter((f) => bundled.has(String(f.sha256)) && f.status === 'ok').map((f) => String(f.report_id)));
  return { onlyBundled: missing.length === 0 && inData.size === bundled.size, hasBundled: missing.length === 0, missing, bundledIds };
}

/** A count as a page may print it: 10121 or 10,121 (both read as the same number). */
export function countPattern(n: number): string {
  const plain = String(n), grouped = n.toLocaleString('en');
  return plain === grouped ? plain : `(?:${plain}|${grouped})`;
}
