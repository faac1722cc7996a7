/**
 * The main job until the notebook kernel lands: a live word count over a built-in stream of
 * sentences, 1 s batches, printing every batch and a 3-second windowed count, for 6 batches.
 */
import { BatchContext, Seconds, StreamingContext, sentenceGenerator } from "../engine";

async function main() {
  const sc = new BatchContext({ appName: "word-count-demo", parallelism: 2 });
  const ssc = new StreamingContext(sc, Seconds(1));
  const lines = ssc.generatorStream(sentenceGenerator({ linesPerBatch: 4 }));
  const pairs = lines.flatMap((l) => l.split(" ")).map((w) => [w, 1] as [string, number]);
  pairs.reduceByKey((a, b) => a + b).print(5);
  pairs
    .reduceByKeyAndWindow((a, b) => a + b, Seconds(3), Seconds(1))
    .transform((rdd) => rdd.sortBy(([, n]) => n, false))
    .print(3);
  let batches = 0;
  ssc.addStreamingListener({
    onBatchCompleted: (b) => {
      console.log(
        `batch ${b.batchTime.milliseconds}: ${b.numRecords} lines, processed in ${b.processingDelay} ms\n`,
      );
      if (++batches === 6) void ssc.stop({ stopGracefully: true });
    },
  });
  ssc.start();
  await ssc.awaitTermination();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
