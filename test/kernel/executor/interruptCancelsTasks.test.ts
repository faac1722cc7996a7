import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamingContext } from "../../../engine";
import { CellExecutor } from "../../../kernel/executor";
import { sc } from "../../../kernel/session/sc";
import { silentOutput } from "../../helpers/silentOutput";
import { until } from "../../helpers/until";

// The real executor with the session's `sc`: a stream whose task never ends on a worker thread
// must not survive an interrupt (it would keep the batch, and so the stop, waiting forever).

const output = silentOutput;

let executor: CellExecutor;
let count = 0;
beforeAll(() => {
  executor = CellExecutor.create();
}, 30_000);
afterAll(async () => {
  await StreamingContext.getActive()?.stop();
  await executor.close();
});

describe("interrupt and tasks on worker threads", () => {
  // With the pool forced off (DSTREAM_LAB_WORKERS=0) such a task would spin on the kernel's own
  // thread, where only SIGINT can break it: that case is vm's breakOnSigint, not this.
  it.skipIf(sc.executorStats === undefined)(
    "an interrupt cancels the cell's never-ending task: the cell stops, its stream stops, the kernel goes on",
    async () => {
      const cancelledBefore = sc.executorStats!.tasksCancelled;
      const running = executor.execute(
        `
        const clockS = new ManualClock();
        const spinning = streamingContext(Seconds(1), { clock: clockS });
        spinning
          .queueStream([["spin", "a"]])
          .map((w: string) => {
            while (w === "spin") {}
            return [w, 1] as [string, number];
          })
          .reduceByKey((a, b) => a + b)
          .print();
        spinning.start();
        Object.assign(globalThis, { spinning });
        await clockS.advance(Seconds(1));`,
        output,
        ++count,
      );
      // The pool starts a thread when it hands it a task: from here on the task is on its worker.
      await until(() => sc.executorStats!.threads > 0, "a worker thread to start", 15_000);
      const started = Date.now();
      await executor.interrupt();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await running).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
      expect(sc.executorStats!.tasksCancelled).toBeGreaterThan(cancelledBefore);
      const after = await executor.execute(
        "[(globalThis as any).spinning.getState(), 1 + 1]",
        output,
        ++count,
      );
      expect(after).toMatchObject({ status: "ok", result: ["STOPPED", 2] });
    },
    30_000,
  );
});
