import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../../engine";
import {
  cellContaining,
  chartRowsOf,
  displaysOf,
  type ExecutedNotebook,
  errorsOf,
  executeNotebook,
  resultOf,
  stdoutOf,
} from "../helpers/executeNotebook";

// A Kafka topic (librdkafka's mock cluster, on loopback) fed by a producer cell replaying
// flights-10k.json, read live by kafkaDirectStream; executed headless through Debian's
// nbconvert/nbclient and our kernel, on the system clock.
describe("notebooks/05-kafka.ipynb", () => {
  let nb: ExecutedNotebook;
  beforeAll(async () => {
    nb = await executeNotebook("05-kafka.ipynb");
  }, 180_000);

  const cell = (text: string) => cellContaining(nb, text);
  /** A mime type's text: nbformat stores multi-line text as a list of lines. */
  const textOf = (value: unknown) => (Array.isArray(value) ? value.join("") : String(value));
  /** The offset lines the stream printed: batch time, each partition's [from, until), records. */
  const offsetLines = () =>
    [...stdoutOf(cell("ssc.start()")).matchAll(/^offsets at (\d+) ms {2}(.*) {2}\((\d+) records\)$/gm)].map(
      (m) => ({
        time: Number(m[1]),
        ranges: [...m[2]!.matchAll(/(\d+): (\d+)\.\.(\d+)/g)].map((r) => r.slice(1).map(Number) as number[]),
        records: Number(m[3]),
      }),
    );

  it("runs every cell without an error", () => {
    expect(errorsOf(nb)).toEqual([]);
  });

  it("starts a 3-broker cluster on loopback with a 4-partition topic", () => {
    expect(textOf(resultOf(cell("KafkaMockCluster.start("))?.data?.["text/plain"])).toMatch(
      /Kafka at 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+, topic "flights" with 4 partitions/,
    );
  });

  it("prints each batch's offset ranges: contiguous, capped by maxRatePerPartition, adding up to the records", () => {
    const batches = offsetLines();
    expect(batches.length).toBeGreaterThanOrEqual(3);
    const next = new Map<number, number>();
    let total = 0;
    for (const b of batches) {
      expect(b.ranges.map(([p]) => p)).toEqual([0, 1, 2, 3]);
      let sum = 0;
      for (const [p, from, until] of b.ranges) {
        expect(from).toBe(next.get(p!) ?? 0); // each batch starts where the last ended
        expect(until! - from!).toBeLessThanOrEqual(500); // 500 records/s × 1 s
        next.set(p!, until!);
        sum += until! - from!;
      }
      expect(b.records).toBe(sum);
      total += sum;
    }
    expect(total).toBeGreaterThan(500); // real volume: the producer publishes 400 a second
  });

  it("prints each batch's mean delay per origin airport, largest first", () => {
    const origins = new Set(readDataset("flights-10k.json").map((f) => String(f.origin)));
    const out = stdoutOf(cell("ssc.start()"));
    const lines = out.split("\n").filter((l) => /^\([A-Z]{3},-?[\d.]+\)$/.test(l));
    expect(lines.length, out.slice(0, 2000)).toBeGreaterThan(5);
    for (const l of lines) expect(origins.has(l.slice(1, 4)), l).toBe(true);
  });

  it("charts the busiest origins over the window", () => {
    const [chart] = displaysOf(cell("ssc.start()"));
    expect(textOf(chart?.data?.["text/plain"])).toContain("flights per origin");
    const rows = chartRowsOf(chart!) as { key: string; value: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(8);
    const values = rows.map((r) => r.value);
    expect(values).toEqual([...values].sort((x, y) => y - x));
  });

  it("shows the Kafka partitions in the monitor: offsets, commits and lag", () => {
    const shown = displaysOf(cell("monitor(ssc)"))[0];
    const text = textOf(shown?.data?.["text/plain"]);
    const rows = text.split("\n").filter((l) => /^flights\/\d/.test(l));
    expect(rows).toHaveLength(4);
    // The display keeps updating until the context stops (the last cell), so its final state shows.
    for (const row of rows) {
      const [, state, from, until, records, committed] = row.match(
        /^flights\/\d\s+(active|stopped)\s+(\d+)\.\.(\d+)\s+(\d+)\s+(\d+)\s+\d+/,
      )!;
      expect(state).toBeDefined();
      expect(Number(records)).toBe(Number(until) - Number(from));
      expect(Number(committed)).toBe(Number(until)); // the last batch finished, so committed
    }
    expect(textOf(shown?.data?.["text/html"])).toContain("<th>last batch offsets</th>");
  });

  it("stops the context, the producer and the cluster", () => {
    expect(textOf(resultOf(cell("await ssc.stop()"))?.data?.["text/plain"])).toMatch(/STOPPED/);
  });
});
