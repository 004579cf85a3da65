/**
 * The hostile input folder (SYNTHETIC, made in a temp dir, never in data/): what an operator's --input may hold
 * besides reports. A FIFO, a socket, symlink loops and rings, symlinks out of the folder, a zip bomb and a DOCX whose
 * zip header lies about its size, duplicates of reports and of junk (two empty files), names that are not UTF-8 or
 * hold a line break, a folder without read permission, a file over the read limit (sparse), and under it a heavy text
 * and an HTML page whose parse exhausts an extraction process's heap.
 *
 * `expected` says what the build must make of each entry; `checkManifest` compares a build's manifest with it.
 * Used by `npm run fuzz` (20 CLI builds over the folder) and by hostile.test.ts (one build, bounded).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { bombDocx } from './zip.ts';
import { MAX_FILE_BYTES } from '../corpus/readahead.ts';
import { ROOT } from './cases.ts';

const REPORT_A = join(ROOT, 'data/reports/004_51f69ccf0222012c.txt');
const REPORT_B = join(ROOT, 'data/reports/pingtan_001_junshan-pianqu_2022.txt');
const REPORT_C = join(ROOT, 'data/reports/002_425035603a0bba90.txt');
const NOT_UTF8 = Buffer.concat([Buffer.from('报告-'), Buffer.from([0xb1, 0xa8, 0xb8, 0xe6]), Buffer.from('.txt')]); // 报告 in GBK

/** What an entry must become: a status, and (when it matters) a pattern its reason must match. */
export interface Expect { status: string; reason?: RegExp }
export interface HostileFolder { input: string; outside: string; expected: Map<string, Expect>; notes: string[]; close(): Promise<void> }

/** A copy of a file that failed is listed with the first copy's status and reason (failed), never as a report. */
export interface HostileOptions { heavy?: boolean; bombs?: boolean }

/** Make the folder under `dir` (input/ and outside/). `heavy`: the 60 MB text and 300 MB sparse file; `bombs`: the zips. */
export async function makeHostile(dir: string, opts: HostileOptions = {}): Promise<HostileFolder> {
  const input = join(dir, 'input'), outside = join(dir, 'outside');
  mkdirSync(join(input, 'nested', 'deeper'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  const expected = new Map<string, Expect>();
  const notes: string[] = [];
  const put = (rel: string, e: Expect) => expected.set(rel, e);
  const skipped = (rel: string, reason: RegExp) => put(rel, { status: 'skipped', reason });

  // reports (one under a non-UTF-8 name, one with a line break in its name) and duplicates (a copy, a symlink)
  copyFileSync(REPORT_A, join(input, 'a-report.txt')); put('a-report.txt', { status: 'ok' });
  copyFileSync(REPORT_A, join(input, 'nested', 'a-copy.txt')); put('nested/a-copy.txt', { status: 'duplicate' });
  symlinkSync('../a-report.txt', join(input, 'nested', 'a-link.txt')); put('nested/a-link.txt', { status: 'duplicate' });
  writeFileSync(Buffer.concat([Buffer.from(input + '/'), NOT_UTF8]), readFileSync(REPORT_B));
  put('报告-\\xb1\\xa8\\xb8\\xe6.txt', { status: 'ok' });
  copyFileSync(REPORT_C, join(input, 'line\nbreak.txt')); put('line\nbreak.txt', { status: 'ok' });
  // junk and its duplicates: two empty files, two identical non-reports
  writeFileSync(join(input, 'empty-1.txt'), ''); put('empty-1.txt', { status: 'failed' });
  writeFileSync(join(input, 'junk-1.bin'), Buffer.from('not a report at all')); put('junk-1.bin', { status: 'failed' });
  writeFileSync(join(input, 'empty-2.txt'), ''); put('empty-2.txt', { status: 'failed' });
  writeFileSync(join(input, 'nested', 'deeper', 'junk-2.bin'), Buffer.from('not a report at all')); put('nested/deeper/junk-2.bin', { status: 'failed' });
  // entries that are never opened
  execFileSync('mkfifo', [join(input, 'pipe.txt')]); skipped('pipe.txt', /FIFO/);
  const server: Server = createServer();
  await new Promise<void>((res) => server.listen(join(input, 'socket'), res));
  skipped('socket', /socket/);
  try {
    execFileSync('mknod', [join(input, 'null-device'), 'c', '1', '3'], { stdio: 'ignore' });
    skipped('null-device', /character device/);
  } catch { notes.push('no character device (mknod not permitted here)'); }
  symlinkSync('.', join(input, 'loop')); skipped('loop', /symlink loop/);
  symlinkSync('../..', join(input, 'nested', 'deeper', 'up')); skipped('nested/deeper/up', /symlink loop/);
  symlinkSync('ring-2', join(input, 'ring-1')); skipped('ring-1', /symlink loop/);
  symlinkSync('ring-1', join(input, 'ring-2')); skipped('ring-2', /symlink loop/);
  symlinkSync('nested', join(input, 'shortcut')); skipped('shortcut', /folder inside --input/);
  writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE BYTES: must never be published');
  symlinkSync(join(outside, 'secret.txt'), join(input, 'escape.txt')); skipped('escape.txt', /outside --input/);
  symlinkSync(outside, join(input, 'escape-dir')); skipped('escape-dir', /outside --input/);
  symlinkSync('gone.txt', join(input, 'broken.txt')); skipped('broken.txt', /broken symlink/);
  mkdirSync(join(input, 'closed'));
  writeFileSync(join(input, 'closed', 'inside.txt'), 'x');
  chmodSync(join(input, 'closed'), 0o000);
  if (process.getuid?.() === 0) { put('closed/inside.txt', { status: 'failed' }); notes.push('the unreadable folder is readable here (running as root)'); }
  else skipped('closed', /folder cannot be read/);
  if (opts.bombs !== false) {
    // a zip bomb that states its size (refused before inflating) and one whose header lies (refused at the cap)
    writeFileSync(join(input, 'bomb.docx'), await bombDocx(300 * 2 ** 20, 300 * 2 ** 20)); put('bomb.docx', { status: 'failed', reason: /inflates to/ });
    const lie = await bombDocx(400 * 2 ** 20, 300_000);
    writeFileSync(join(input, 'lie.docx'), lie); put('lie.docx', { status: 'failed', reason: /inflates to more than/ });
    writeFileSync(join(input, 'nested', 'lie-again.docx'), lie); put('nested/lie-again.docx', { status: 'failed' });
  }
  if (opts.heavy) {
    // over the read limit: sparse, so it costs no disk; refused unread
    const fd = openSync(join(input, 'huge.bin'), 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1);
    closeSync(fd);
    put('huge.bin', { status: 'failed', reason: /too_large/ });
    // under it, but heavy to extract: refused as too large, or (with a small extractor heap) out of memory — alone
    writeFileSync(join(input, 'heavy.txt'), Buffer.alloc(60 * 2 ** 20, '本年度，我镇认真贯彻落实政府信息公开条例，进一步加强培训。2023年1月15日\n'));
    put('heavy.txt', { status: 'failed', reason: /too_large|more than|ran out of memory/ });
    // 60 MB of table markup: parsing it needs more than an extraction process's whole heap (512 MB); it fails alone
    const row = '<tr><td>申请</td><td>1</td><td>2</td><td>3</td></tr>';
    writeFileSync(join(input, 'heavy.html'), '<html><head><meta charset="utf-8"></head><body><table>' + row.repeat(Math.ceil((60 * 2 ** 20) / Buffer.byteLength(row))) + '</table></body></html>');
    put('heavy.html', { status: 'failed', reason: /ran out of memory|too_large|more than/ });
  }
  return {
    input, outside, expected, notes,
    close: async () => {
      await new Promise<void>((res) => server.close(() => res()));
      try { chmodSync(join(input, 'closed'), 0o755); } catch { /* already gone */ }
    },
  };
}

interface ManifestFile { path: string; status: string; reason: string | null }

/** Every difference between a build's manifest and what the folder must give (empty: all as expected). */
export function checkManifest(h: HostileFolder, files: ManifestFile[]): string[] {
  const problems: string[] = [];
  const got = new Map(files.map((f) => [f.path, f]));
  for (const [rel, e] of h.expected) {
    const f = got.get(rel);
    if (!f) { problems.push(`${JSON.stringify(rel)}: missing from the manifest`); continue; }
    if (f.status !== e.status) problems.push(`${JSON.stringify(rel)}: ${f.status} (${f.reason ?? ''}), expected ${e.status}`);
    else if (e.reason && !e.reason.test(f.reason ?? '')) problems.push(`${JSON.stringify(rel)}: reason "${f.reason}" does not match ${e.reason}`);
  }
  for (const f of files) if (!h.expected.has(f.path)) problems.push(`${JSON.stringify(f.path)}: listed (${f.status}) but not in the folder as made`);
  return problems;
}
