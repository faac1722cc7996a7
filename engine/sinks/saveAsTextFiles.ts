import * as fs from "node:fs";
import * as path from "node:path";
import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { formatRecord } from "../util/format";

/**
 * Writes one batch as `prefix-<timeMs>[.suffix]/part-NNNNN` (one file per partition) plus a
 * `_SUCCESS` marker. Everything is written into a hidden temporary sibling directory that is renamed
 * into place, so readers never see half a batch and a replayed batch replaces, not duplicates.
 */
export function saveAsTextFilesAt<T>(
  rdd: RDD<T>,
  prefix: string,
  suffix: string | undefined,
  time: Time,
): void {
  const target = `${prefix}-${time.milliseconds}${suffix ? `.${suffix}` : ""}`;
  // A hidden sibling (leading "."): directory listings, textFile() and file-watching sources skip
  // it, so a half-written batch is never read as a batch of its own.
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}._temporary-${process.pid}-${Date.now()}`,
  );
  fs.mkdirSync(temp, { recursive: true });
  try {
    rdd.foreachPartition((items, i) => {
      const text = items.map((x) => `${formatRecord(x)}\n`).join("");
      fs.writeFileSync(path.join(temp, `part-${String(i).padStart(5, "0")}`), text);
    });
    fs.writeFileSync(path.join(temp, "_SUCCESS"), "");
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}
