import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { formatRecord } from "../util/format";

/**
 * What DStream.print(num) prints for one batch, exactly Spark's layout:
 *
 *     -------------------------------------------
 *     Time: 1000 ms
 *     -------------------------------------------
 *     (a,1)
 *     ...
 */
export function printBatch<T>(rdd: RDD<T>, time: Time, num: number): void {
  const first = rdd.take(num + 1);
  const lines = [
    "-------------------------------------------",
    `Time: ${time.milliseconds} ms`,
    "-------------------------------------------",
  ];
  for (const x of first.slice(0, num)) lines.push(formatRecord(x));
  if (first.length > num) lines.push("...");
  lines.push("");
  console.log(lines.join("\n"));
}
