/** The SQL console with the reader's data: the table `mydata`, (re)loaded into DuckDB whenever the data changes. */
import { readerData, onReaderData, mydataColumns, type ReaderData } from './mydata-state.ts';

async function load(d: ReaderData | null) {
  const duck = await import('./duck.ts');
  await duck.putTable('mydata', d ? mydataColumns(d) : null);
  document.body.dataset.mydataTable = d ? String(d.table.rows) : '';
  // A query from the URL that names mydata may have run before the table was there: run it again.
  const q = (document.getElementById('sql-q') as HTMLTextAreaElement | null)?.value ?? '';
  if (d && /\bmydata\b/i.test(q) && document.getElementById('sql-err')?.textContent) document.getElementById('sql-run')?.click();
}
onReaderData((d) => { load(d).catch(() => undefined); });
readerData().then((d) => (d ? load(d) : undefined)).catch(() => undefined);
