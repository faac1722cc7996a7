import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  CheckpointError,
  CheckpointWriter,
  readLatestCheckpoint,
} from "../../../engine";
import { tempDir } from "../../helpers/testStreams";

const checkpointAt = (timeMs: number, rdds: Checkpoint["streams"][number]["rdds"] = []): Checkpoint => ({
  version: CHECKPOINT_FORMAT_VERSION,
  batchDurationMs: 1000,
  zeroTimeMs: 0,
  checkpointTimeMs: timeMs,
  pendingTimesMs: [],
  streams: [{ position: 0, className: "StateDStream", scope: "updateStateByKey", rdds }],
});

/** A directory with metadata files for 4000 and 5000, the way a running context leaves it. */
function twoCheckpoints(): string {
  const dir = tempDir("ckpt-read-");
  const writer = new CheckpointWriter(dir);
  writer.write(checkpointAt(4000));
  writer.write(checkpointAt(5000));
  return dir;
}

describe("readLatestCheckpoint", () => {
  it("finds nothing in a missing directory, an empty one, or one holding only RDD data and temporary files", () => {
    expect(readLatestCheckpoint(path.join(tempDir(), "missing"))).toBeUndefined();
    const dir = tempDir("ckpt-read-");
    expect(readLatestCheckpoint(dir)).toBeUndefined();
    fs.mkdirSync(path.join(dir, "run-1", "rdd-3"), { recursive: true });
    fs.writeFileSync(path.join(dir, "checkpoint-9000.tmp"), "{ half a fi");
    expect(readLatestCheckpoint(dir)).toBeUndefined();
  });

  it("reads the newest file", () => {
    const dir = twoCheckpoints();
    const latest = readLatestCheckpoint(dir)!;
    expect(latest.file).toBe(path.join(dir, "checkpoint-5000"));
    expect(latest.checkpoint).toEqual(checkpointAt(5000));
  });

  it.each([
    ["not JSON", "{ garbage", /not valid JSON/],
    ["truncated", JSON.stringify(checkpointAt(5000)).slice(0, 40), /not valid JSON/],
    ["empty", "", /not valid JSON/],
    [
      "of another format version",
      JSON.stringify({ ...checkpointAt(5000), version: 99 }),
      /format version 99/,
    ],
    ["missing fields", JSON.stringify({ version: CHECKPOINT_FORMAT_VERSION }), /batchDurationMs is missing/],
  ])("falls back to the previous file when the newest is %s, saying so", (_what, text, reason) => {
    const dir = twoCheckpoints();
    fs.writeFileSync(path.join(dir, "checkpoint-5000"), text);
    const warn = vi.fn();
    const latest = readLatestCheckpoint(dir, warn)!;
    expect(latest.file).toBe(path.join(dir, "checkpoint-4000"));
    expect(latest.checkpoint.checkpointTimeMs).toBe(4000);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatch(/Skipped unusable checkpoint .*checkpoint-5000/);
    expect(warn.mock.calls[0]![0]).toMatch(reason);
    expect(warn.mock.calls[0]![0]).toMatch(/recovering from .*checkpoint-4000 instead/);
  });

  it("falls back when the newest file references an RDD checkpoint whose part files are missing", () => {
    const dir = tempDir("ckpt-read-");
    const rddDir = path.join(dir, "run-1", "rdd-7");
    fs.mkdirSync(rddDir, { recursive: true });
    fs.writeFileSync(path.join(rddDir, "part-00000"), "");
    const writer = new CheckpointWriter(dir);
    const ref = { timeMs: 4000, dir: "run-1/rdd-7", numPartitions: 2, hashPartitioned: true };
    writer.write(checkpointAt(4000, [{ ...ref, numPartitions: 1 }]));
    writer.write(checkpointAt(5000, [ref]));
    const warn = vi.fn();
    expect(readLatestCheckpoint(dir, warn)!.checkpoint.checkpointTimeMs).toBe(4000);
    expect(warn.mock.calls[0]![0]).toMatch(/rdd-7.part-00001 is missing/);
  });

  it("with no usable file at all, throws a CheckpointError naming every file, why, and the fix", () => {
    const dir = twoCheckpoints();
    fs.writeFileSync(path.join(dir, "checkpoint-5000"), "{ garbage");
    fs.writeFileSync(path.join(dir, "checkpoint-4000"), "");
    expect(() => readLatestCheckpoint(dir)).toThrow(CheckpointError);
    expect(() => readLatestCheckpoint(dir)).toThrow(
      new RegExp(
        `No usable checkpoint in ${dir}: ${dir}/checkpoint-5000 \\(not valid JSON.*\\); ${dir}/checkpoint-4000 ` +
          `\\(not valid JSON.*\\)\\. Fix: delete the directory ${dir} to start over`,
      ),
    );
  });
});
