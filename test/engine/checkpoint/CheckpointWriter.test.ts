import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  CheckpointError,
  CheckpointWriter,
} from "../../../engine";
import { tempDir } from "../../helpers/testStreams";

const checkpointAt = (timeMs: number): Checkpoint => ({
  version: CHECKPOINT_FORMAT_VERSION,
  batchDurationMs: 1000,
  zeroTimeMs: 0,
  checkpointTimeMs: timeMs,
  pendingTimesMs: [],
  streams: [],
});

const files = (dir: string) => fs.readdirSync(dir).sort();
const read = (dir: string, name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));

describe("CheckpointWriter", () => {
  it("writes checkpoint-<time> through a temporary file and a rename: only complete files remain", () => {
    const dir = tempDir("ckpt-writer-");
    const file = new CheckpointWriter(dir).write(checkpointAt(3000));
    expect(file).toBe(path.join(dir, "checkpoint-3000"));
    expect(files(dir)).toEqual(["checkpoint-3000"]);
    expect(read(dir, "checkpoint-3000")).toEqual(checkpointAt(3000));
  });

  it("a write that fails leaves the previous file intact and nothing under the new file's name", () => {
    const dir = tempDir("ckpt-writer-");
    const writer = new CheckpointWriter(dir);
    writer.write(checkpointAt(2000));
    // Something in the way of the temporary file makes the write fail before the rename.
    fs.mkdirSync(path.join(dir, "checkpoint-3000.tmp"));
    expect(() => writer.write(checkpointAt(3000))).toThrow(CheckpointError);
    expect(() => writer.write(checkpointAt(3000))).toThrow(
      /Could not write the metadata checkpoint .*checkpoint-3000: .*Fix: make sure the checkpoint directory is writable/,
    );
    expect(fs.existsSync(path.join(dir, "checkpoint-3000"))).toBe(false);
    expect(read(dir, "checkpoint-2000")).toEqual(checkpointAt(2000));
  });

  it("keeps the newest two files: the one just written and the one before it", () => {
    const dir = tempDir("ckpt-writer-");
    const writer = new CheckpointWriter(dir);
    for (const t of [1000, 2000, 3000, 4000]) writer.write(checkpointAt(t));
    expect(files(dir)).toEqual(["checkpoint-3000", "checkpoint-4000"]);
  });

  it("a new run removes every older file, even ones with later times, so stale state never shadows it", () => {
    const dir = tempDir("ckpt-writer-");
    const old = new CheckpointWriter(dir);
    old.write(checkpointAt(8000));
    old.write(checkpointAt(9000));
    new CheckpointWriter(dir).write(checkpointAt(1000));
    expect(files(dir)).toEqual(["checkpoint-1000"]);
  });

  it("a recovered run keeps the file it recovered from as the fallback, and drops the rest", () => {
    const dir = tempDir("ckpt-writer-");
    const old = new CheckpointWriter(dir);
    old.write(checkpointAt(4000));
    old.write(checkpointAt(5000));
    const writer = new CheckpointWriter(dir, path.join(dir, "checkpoint-5000"));
    writer.write(checkpointAt(6000));
    expect(files(dir)).toEqual(["checkpoint-5000", "checkpoint-6000"]);
    writer.write(checkpointAt(7000));
    expect(files(dir)).toEqual(["checkpoint-6000", "checkpoint-7000"]);
  });
});
