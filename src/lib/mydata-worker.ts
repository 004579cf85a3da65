/** Parses a reader's file off the main thread (mydata-parse.ts); posts the table or the message to show. */
import { parseBytes, MyDataError } from './mydata-parse.ts';

self.onmessage = (ev: MessageEvent<{ bytes: ArrayBuffer; name: string }>) => {
  try {
    const table = parseBytes(new Uint8Array(ev.data.bytes), ev.data.name);
    (self as any).postMessage({ ok: true, table });
  } catch (e) {
    const message = e instanceof MyDataError ? e.message : `无法读入：${(e as Error).message}`;
    (self as any).postMessage({ ok: false, message });
  }
};
