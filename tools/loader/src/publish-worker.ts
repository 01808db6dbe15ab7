import { parentPort, workerData } from 'node:worker_threads';
import { PublishOptions, PublishPart, publishPart, WorkerMessage } from './publish';

/** A publishing thread of `publish` (see publish.ts): its part of the partitions, reported to the parent. */
const { options, part } = workerData as { options: PublishOptions; part: PublishPart };
const port = parentPort;
if (!port) throw new Error('publish-worker.ts runs as a worker thread of publish()');
const stop = new AbortController();
port.on('message', (m) => m === 'abort' && stop.abort());
const send = (m: WorkerMessage) => port.postMessage(m);
publishPart(
  { ...options, signal: stop.signal, onProgress: (progress) => send({ progress }) },
  part,
  (reject) => send({ reject }),
).then(
  (done) => {
    send({ done });
    port.close();
  },
  (e) => {
    throw e;
  },
);
