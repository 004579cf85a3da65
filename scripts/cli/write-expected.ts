/**
 * npx tsx scripts/cli/write-expected.ts [FILE...]
 * Writes tests/fixtures/expected/<name>.expected.json for the Pingtan archive reports (SOURCES-pingtan-archive.tsv),
 * or the files named. Each record is the extractor's, admitted only when verify.ts finds nothing wrong with it
 * against its text (else the file is not written and the problems are printed); a report that has a saved page
 * (.html) takes that page's values, and its text must agree with them cell for cell except where it is ambiguous.
 * `notes` says how each was checked, with the hand-read notes of tests/fixtures/expected/hand-read.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { diffRecord } from '../extract/expected.ts';
import { verifyRecord } from '../extract/verify.ts';
import type { ReportRecord } from '../template/record.ts';

const root = join(import.meta.dirname, '../..');
const reports = join(root, 'data/reports');
const expectedDir = join(root, 'tests/fixtures/expected');

function archiveFiles(): string[] {
  const lines = readFileSync(join(root, 'tests/fixtures/SOURCES-pingtan-archive.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split('\t')[0]!).filter((f) => f.endsWith('.txt'));
}

async function extract(file: string): Promise<{ rec: ReportRecord; text: string }> {
  const out = await extractBytes(readFileSync(join(reports, file)), file);
  if (!out.ok) throw new Error(out.reason);
  return { rec: out.record, text: out.text ?? '' };
}

function expectedOf(rec: ReportRecord, ambiguous: string[], notes: string[]) {
  return {
    agency: rec.agency, year: rec.year, template: rec.template,
    t2: rec.t2, t2_extra: rec.t2_extra, t3: rec.t3, t4: rec.t4,
    ambiguous,
    ambiguity: rec.ambiguity.map((a) => ({ run: a.run, cells: a.cells, candidates: a.candidates })),
    checks_failing: rec.checks.filter((c) => c.status === 'fail').map((c) => ({ rule: c.rule, scope: c.scope, detail: c.detail })),
    notes: notes.join(' '),
  };
}

async function main(): Promise<void> {
  const hand: Record<string, string> = existsSync(join(expectedDir, 'hand-read.json')) ? JSON.parse(readFileSync(join(expectedDir, 'hand-read.json'), 'utf8')) : {};
  const files = process.argv.slice(2).length ? process.argv.slice(2) : archiveFiles();
  let bad = 0;
  for (const file of files) {
    let got;
    try { got = await extract(file); } catch (e) { console.log(`${file}: not a report (${(e as Error).message}) — no expected record`); continue; }
    const { rec, text } = got;
    const v = verifyRecord(rec, text);
    if (v.problems.length) { bad++; console.log(`${file}: NOT WRITTEN\n  ${v.problems.join('\n  ')}`); continue; }
    const notes = [
      `Generated from the extractor and admitted after scripts/extract/verify.ts found nothing wrong against the text: ${v.cells} stated values all at a source position whose text is their raw; ${v.runs} printed runs (${v.splitRuns} split into several cells) each written out again digit for digit by the values read from them, in table order;`,
      `tables 二/三/四 read in printed order; ${v.candidates} candidate splits of ${rec.ambiguity.length} unsettled run(s) each write out their run.`,
      rec.ambiguous.length ? `Unsettled by the report's own text (null + listed in ambiguous, with candidates): ${rec.ambiguous.join(', ')}.` : 'Nothing left unsettled.',
    ];
    const failing = rec.checks.filter((c) => c.status === 'fail' && c.rule !== 'extract.unique_split');
    if (failing.length) notes.push(`Template arithmetic fails as printed (every value involved passed the checks above, so the failure is the report's): ${failing.map((c) => `${c.rule} ${c.scope}: ${c.detail}`).join('; ')}.`);
    else notes.push('Template arithmetic holds for every value read.');
    let base = rec;
    const html = file.replace(/\.txt$/, '.html');
    if (existsSync(join(reports, html))) {
      const page = (await extract(html)).rec;
      const diff = diffRecord(rec, { ...page, ambiguous: rec.ambiguous });
      if (diff.length) { bad++; console.log(`${file}: NOT WRITTEN — text and page differ\n  ${diff.join('\n  ')}`); continue; }
      base = page;
      notes.push(`Values from the saved page ${html} (table cells); the text agrees with the page cell for cell except the cells it cannot settle (${rec.ambiguous.join(', ') || 'none'}).`);
    }
    if (hand[file]) notes.push(`Hand-read against the text: ${hand[file]}`);
    const name = file.replace(/\.txt$/, '.expected.json');
    writeFileSync(join(expectedDir, name), JSON.stringify(expectedOf(base, rec.ambiguous, notes), null, 1) + '\n');
  }
  if (bad) { console.log(`${bad} report(s) not written`); process.exitCode = 1; }
}

await main();
