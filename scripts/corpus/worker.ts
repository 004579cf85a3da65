/** Worker thread: { seq, task, req } → { seq, result } (a Bundle, or a JobResult for 'extract'). Started by workers.ts with the tsx loader. */
import { parentPort } from 'node:worker_threads';
import { bundleJob, failedBundle, type JobRequest } from './bundle.ts';
import { runJob } from './job.ts';
import { closeStaged } from './staging.ts';
import type { ExtractRequest, Task } from './workers.ts';

parentPort!.on('message', async (msg: { seq: number; task: Task; req: JobRequest | ExtractRequest }) => {
  const why = (e: unknown) => `could not be read (${String((e as Error)?.message ?? e).split('\n')[0]})`;
  let result: unknown = null;
  if (msg.task === 'close') {
    closeStaged();
  } else if (msg.task === 'extract') {
    const { file, bytes } = msg.req as ExtractRequest;
    try { result = await runJob(bytes, file); } catch (e) {
      result = { ok: false, code: 'corrupt', reason: `${file}: ${why(e)}`, format: null, record: null, sourceText: null, sourceUrl: null };
    }
  } else {
    try { result = await bundleJob(msg.req as JobRequest); } catch (e) { result = failedBundle('corrupt', why(e)); }
  }
  parentPort!.postMessage({ seq: msg.seq, result });
});
