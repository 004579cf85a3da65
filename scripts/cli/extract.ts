/**
 * npm run --silent extract -- FILE [--pretty]
 * Prints one JSON record on stdout; exits 1 with a one-line reason on stderr when FILE is not a readable report.
 */
import { extractFile } from '../extract/file.ts';

const args = process.argv.slice(2);
const pretty = args.includes('--pretty');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length !== 1) {
  process.stderr.write('usage: npm run --silent extract -- FILE [--pretty]\n');
  process.exit(2);
}
const out = await extractFile(files[0]!);
if (!out.ok) {
  process.stderr.write(out.reason.replace(/\s*\n\s*/g, ' ') + '\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify(out.record, null, pretty ? 2 : undefined) + '\n');
