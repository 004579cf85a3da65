/**
 * Extraction worker: { seq, task, req } → { seq, result } (a Bundle, or a JobResult for 'extract'). Runs in a child
 * process started by workers.ts (worker-process.mjs registers the tsx loader).
 */
import { bundleJob, failedBundle, type JobRequest } from './bundle.ts';
import { runJob } from './job.ts';
import { closeStaged } from './staging.ts';
import type { ExtractRequest, Task } from './workers.ts';

type Msg = { seq: number; task: Task; req: JobRequest | ExtractRequest };
// a child process whose build is gone (killed, crashed) ends with it, leaving no extractor behind
process.on('disconnect', () => process.exit(0));

process.on('message', async (msg: Msg) => {
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
  process.send!({ seq: msg.seq, result });
});
