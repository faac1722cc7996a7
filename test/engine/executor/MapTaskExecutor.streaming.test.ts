import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BatchContext, ManualClock, Seconds, StreamingContext } from "../../../engine";

type KV = [string, number];

/** A word count on a ManualClock; each batch's output as its partitions (placement included). */
async function wordCount(workers: number, batches: string[][]) {
  await StreamingContext.getActive()?.stop();
  const sc = new BatchContext({ appName: "executor-stream", parallelism: 2, workers });
  const clock = new ManualClock();
  const ssc = new StreamingContext(sc, Seconds(1), { clock });
  const out: KV[][][] = [];
  ssc
    .queueStream(batches.map((b) => sc.parallelize(b, 2)))
    .flatMap((l) => l.split(" "))
    .map((w) => [w, 1] as KV)
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      out.push(rdd.glom().collect());
    });
  ssc.start();
  await clock.advance(Seconds(batches.length));
  const stats = sc.executorStats;
  await ssc.stop({ stopBatchContext: true });
  return { out, stats };
}

describe("MapTaskExecutor in a stream", () => {
  it("gives a streaming word count the same output per batch as without workers", async () => {
    const batches = [0, 1, 2, 3].map((b) =>
      Array.from(
        { length: 500 + b * 100 },
        (_, i) => `w${(i * (b + 1)) % 41} v${i % 7} ${b === 2 ? "" : "x"}`,
      ),
    );
    batches.push([]); // an empty batch
    const local = await wordCount(0, batches);
    const parallel = await wordCount(1, batches);
    expect(parallel.out).toEqual(local.out);
    expect(parallel.out).toHaveLength(5);
    expect(parallel.stats!.tasksOnWorkers).toBe(5); // one map partition of each batch
    expect(parallel.stats!.tasksNotShippable).toBe(0);
  });

  it("lets a process that never calls stop() exit: the workers do not hold it open", () => {
    const script = path.join(__dirname, "../../fixtures/workersProcess.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", script], {
      cwd: path.join(__dirname, "../../.."),
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      counts: [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ],
      shipped: 1,
    });
  });
});
