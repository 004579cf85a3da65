/**
 * The SourceDoc text layout every structured reader emits (record.ts): paragraphs as lines, a blank
 * line between blocks, one table row per line with cells separated by TAB, and one `origins` entry per
 * emitted table cell. Readers collect blocks; this turns them into text + origins.
 */
import type { Origin, SourceDoc } from '../template/record.ts';

export interface EmitCell {
  text: string;
  origin: Origin;
  grid?: { table: number; row: number; col: number; rowspan: number; colspan: number };
}
export type Block = { kind: 'para'; lines: string[] } | { kind: 'table'; rows: EmitCell[][] };

/** Cell text as the contract wants it: one line, no TABs, trimmed; whitespace/&nbsp; only → ''. */
export function cleanCell(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

/** Paragraph text: collapse whitespace runs (HTML semantics), trim; TABs become spaces. */
export function cleanPara(s: string): string {
  return s.replace(/[ \t\n\r\f\v\u00a0\u200b\ufeff]+/g, ' ').trim();
}

export function emitBlocks(blocks: Block[]): Pick<SourceDoc, 'text' | 'origins'> {
  const lines: string[] = [];
  const origins: SourceDoc['origins'] = [];
  for (const b of blocks) {
    if (b.kind === 'para') {
      const ls = b.lines.filter((l) => l.length > 0);
      if (ls.length === 0) continue;
      if (lines.length) lines.push('');
      lines.push(...ls);
    } else {
      // A row of blank cells (&nbsp; only) is kept when the table has text elsewhere: it is a row of blanks (a
      // table 四 with nothing to report), not layout; dropping it lost the table's value row.
      const filled = b.rows.filter((r) => r.some((c) => cleanCell(c.text) !== ''));
      if (filled.length === 0) continue;
      const rows = b.rows.filter((r) => r.length >= 2 || r.some((c) => cleanCell(c.text) !== ''));
      if (lines.length) lines.push('');
      for (const row of rows) {
        let pos = 0;
        const texts: string[] = [];
        for (const cell of row) {
          const t = cleanCell(cell.text);
          origins.push({ line: lines.length, start: pos, end: pos + t.length, origin: cell.origin, ...(cell.grid ? { grid: cell.grid } : {}) });
          texts.push(t);
          pos += t.length + 1;
        }
        lines.push(texts.join('\t'));
      }
    }
  }
  return { text: lines.join('\n'), origins };
}

/**
 * Rebuild a table grid from rows of cells with spans (HTML rowspan/colspan, DOCX gridSpan/vMerge share this).
 * Returns, per source row, the cells that START in it with their grid column, in grid order.
 */
export function placeCells<T>(rows: Array<Array<{ cell: T; colspan: number; rowspan: number; skipBefore?: number }>>):
  Array<Array<{ cell: T; row: number; col: number; colspan: number; rowspan: number }>> {
  const taken: Array<Set<number>> = rows.map(() => new Set<number>());
  return rows.map((row, r) => {
    const placed: Array<{ cell: T; row: number; col: number; colspan: number; rowspan: number }> = [];
    let c = 0;
    for (const it of row) {
      c += it.skipBefore ?? 0;
      while (taken[r].has(c)) c++;
      const colspan = Math.max(1, Math.min(it.colspan || 1, 1000));
      // rowspan=0 means "to the end of the table section"
      const rowspan = it.rowspan === 0 ? rows.length - r : Math.max(1, Math.min(it.rowspan || 1, rows.length - r));
      for (let rr = r; rr < r + rowspan; rr++) for (let cc = c; cc < c + colspan; cc++) taken[rr].add(cc);
      placed.push({ cell: it.cell, row: r, col: c, colspan, rowspan });
      c += colspan;
    }
    return placed.sort((a, b) => a.col - b.col);
  });
}
