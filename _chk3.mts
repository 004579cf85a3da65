import { readFileSync } from 'node:fs';
import { decompress } from 'fzstd';
import { parquetMetadata } from 'hyparquet';
const f = process.argv[2];
const buf = readFileSync(f); const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const md = parquetMetadata(ab);
const c = md.row_groups[0].columns.find((c: any) => c.meta_data.path_in_schema[0] === 'evidence').meta_data;
console.log(c.data_page_offset, c.dictionary_page_offset, c.total_compressed_size, c.encodings);
