import type { ToWorker } from "./MapTask";
import type { MapTaskPlan } from "./planMapTask";
import { nextChunk } from "./recordChunks";
import { shortSource } from "./shortSource";
import type { PoolTask } from "./WorkerPool";

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Chunks sent between two turns of the event loop (about 1 MB of text, a few ms of copying). */
const CHUNKS_PER_TURN = 8;

/**
 * A planned map task as the pool sends it: its spec, then its records chunk by chunk, yielding to
 * the event loop every few chunks (so the notebook kernel answers while a big partition is sent,
 * and the tasks sent to several workers at once are interleaved). Times the main thread's share.
 */
export class MapTaskFeed implements PoolTask {
  /** Main-thread time spent preparing and posting the records, in ms. */
  copyMs = 0;
  readonly description: string;

  constructor(
    private readonly plan: MapTaskPlan,
    operator: string,
    partition: number,
  ) {
    const functions = plan.functions.map(({ what, fn }) => `${what} \`${shortSource(fn)}\``).join(", ");
    this.description = `The ${operator} map task of partition ${partition} on a worker thread (${functions})`;
  }

  async feed(
    id: number,
    send: (message: ToWorker, transfer?: ArrayBuffer[]) => void,
    settled: () => boolean,
  ): Promise<void> {
    const { data, encoding, spec } = this.plan;
    send({ type: "start", id, spec });
    for (let from = 0, sent = 0; from < data.length; ) {
      const started = performance.now();
      const { chunk, transfer, next } = nextChunk(data, from, encoding);
      send({ type: "chunk", id, chunk }, transfer);
      this.copyMs += performance.now() - started;
      from = next;
      if (from < data.length && ++sent % CHUNKS_PER_TURN === 0) {
        await yieldToEventLoop();
        if (settled()) return;
      }
    }
    send({ type: "end", id });
  }
}
