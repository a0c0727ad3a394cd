import type { HttpJob } from './http-jobs';
import { createHttpClient, jobTask } from './http-jobs';
import type { LoadShape } from './run-load';
import { runLoad } from './run-load';

/**
 * The load generator's own process (forked by `load-client.ts`): clients in the stack's process
 * would share its event loop with the gateway and subgraphs they measure, and their memory would
 * count in its RSS. It runs one job at a time, as the parent asks over IPC.
 */
export interface LoadRequest {
  id: number;
  job: HttpJob;
  shape: LoadShape;
}

const isLoadRequest = (message: unknown): message is LoadRequest =>
  typeof message === 'object' && message !== null && 'id' in message && 'job' in message && 'shape' in message;

process.on('message', (message: unknown) => {
  if (!isLoadRequest(message)) return;
  const client = createHttpClient(message.shape.concurrency);
  runLoad(jobTask(message.job, client), message.shape)
    .then((result) => process.send?.({ id: message.id, result }))
    .catch((error: unknown) =>
      process.send?.({ id: message.id, failure: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => client.close());
});
