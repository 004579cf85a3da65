/** The SQL console with the reader's data: the table `mydata`, (re)loaded into DuckDB whenever the data changes. */
import { readerData, onReaderData, mydataColumns, type ReaderData } from './mydata-state.ts';

async function load(d: ReaderData | null) {
  const duck = await import('./duck.ts');
  await duck.putTable('mydata', d ? mydataColumns(d) : null);
  document.body.dataset.mydataTable = d ? String(d.table.rows) : '';
}
onReaderData((d) => { load(d).catch(() => undefined); });
readerData().then((d) => (d ? load(d) : undefined)).catch(() => undefined);
