import { describe, it, expect } from 'vitest';
import Papa from 'papaparse';
import { csvOf } from './csv.ts';
import { restore } from '../../scripts/corpus/csvsafe.ts';

describe('csvOf', () => {
  it('writes a BOM, CRLF rows and quotes only what needs quoting', () => {
    expect(csvOf([['机关', '新收'], ['平潭综合实验区金井片区管理局', '8'], ['a,b', 'say "hi"'], ['两\n行', '']]))
      .toBe('\ufeff机关,新收\r\n平潭综合实验区金井片区管理局,8\r\n"a,b","say ""hi"""\r\n"两\n行",\r\n');
  });
  it('neutralises formula-looking text with the build rule, but leaves printed numbers alone', () => {
    const out = csvOf([['=HYPERLINK("http://x")', '-3', '+A1', '@a', "'=b", '1,234.5', '12.5%', '-1+2']]);
    expect(out).toBe('\ufeff"\'=HYPERLINK(""http://x"")",-3,\'+A1,\'@a,\'\'=b,"1,234.5",12.5%,\'-1+2\r\n');
    // reading it back and undoing the apostrophe gives the original text
    const back = Papa.parse<string[]>(out.slice(1), { skipEmptyLines: true }).data[0]!.map(restore);
    expect(back).toEqual(['=HYPERLINK("http://x")', '-3', '+A1', '@a', "'=b", '1,234.5', '12.5%', '-1+2']);
  });
});
