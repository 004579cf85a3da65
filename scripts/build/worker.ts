/** Worker thread: { seq, file, bytes } → { seq, result }. Started by workers.ts with the tsx loader. */
import { parentPort } from 'node:worker_threads';
import { runJob, type JobResult } from './job.ts';

parentPort!.on('message', async (msg: { seq: number; file: string; bytes: Uint8Array }) => {
  let result: JobResult;
  try {
    result = await runJob(msg.bytes, msg.file);
  } catch (e) {
    result = { ok: false, code: 'corrupt', reason: `${msg.file}: could not be read (${String((e as Error)?.message ?? e).split('\n')[0]})`, format: null, record: null, sourceText: null, sourceUrl: null };
  }
  parentPort!.postMessage({ seq: msg.seq, result });
});
