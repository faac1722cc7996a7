import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { type DStream, Seconds } from "../../../engine";
import { collectBatches, manualContext, tempDir } from "../../helpers/testStreams";

/** Runs `input` through `save` (one batch per array) on a fresh context. */
async function runSave<T>(input: T[][], save: (s: DStream<T>) => void, parallelism = 2) {
  const { ssc, clock } = await manualContext({ parallelism });
  save(ssc.queueStream(input.map((b) => [...b])));
  const infos = collectBatches(ssc);
  ssc.start();
  await clock.advance(Seconds(input.length));
  await ssc.stop();
  return infos;
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

function readBatch(dir: string): string[] {
  return listing(dir)
    .filter((f) => f.startsWith("part-"))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean));
}

describe("saveAsTextFiles", () => {
  it("writes prefix-<timeMs>.suffix/part-NNNNN per partition plus _SUCCESS", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "counts");
    await runSave<[string, number]>(
      [
        [
          ["a", 1],
          ["b", 2],
          ["c", 3],
        ],
        [["d", 4]],
      ],
      (s) => s.saveAsTextFiles(prefix, "txt"),
    );
    expect(listing(root)).toEqual(["counts-1000.txt", "counts-2000.txt"]);
    const batch1 = path.join(root, "counts-1000.txt");
    expect(listing(batch1)).toEqual(["_SUCCESS", "part-00000", "part-00001"]);
    expect(fs.readFileSync(path.join(batch1, "part-00000"), "utf8")).toBe("(a,1)\n");
    expect(fs.readFileSync(path.join(batch1, "part-00001"), "utf8")).toBe("(b,2)\n(c,3)\n");
    expect(readBatch(path.join(root, "counts-2000.txt"))).toEqual(["(d,4)"]);
  });

  it("leaves the suffix off when none is given, and creates missing parent directories", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "nested", "deeper", "out");
    await runSave([["x"]], (s) => s.saveAsTextFiles(prefix));
    expect(listing(path.join(root, "nested", "deeper"))).toEqual(["out-1000"]);
    expect(readBatch(path.join(root, "nested", "deeper", "out-1000"))).toEqual(["x"]);
  });

  it("a batch written twice replaces its directory, never duplicates records", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "twice");
    await runSave([[1, 2, 3]], (s) => {
      s.saveAsTextFiles(prefix, "txt");
      s.saveAsTextFiles(prefix, "txt");
    });
    expect(listing(root)).toEqual(["twice-1000.txt"]);
    expect(readBatch(path.join(root, "twice-1000.txt")).sort()).toEqual(["1", "2", "3"]);
  });

  it("a re-run with fewer partitions leaves no stale part files from the earlier run", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "rerun");
    await runSave([["a", "b", "c", "d"]], (s) => s.saveAsTextFiles(prefix), 4);
    expect(listing(path.join(root, "rerun-1000"))).toEqual([
      "_SUCCESS",
      "part-00000",
      "part-00001",
      "part-00002",
      "part-00003",
    ]);
    await runSave([["e", "f"]], (s) => s.saveAsTextFiles(prefix), 1);
    expect(listing(path.join(root, "rerun-1000"))).toEqual(["_SUCCESS", "part-00000"]);
    expect(readBatch(path.join(root, "rerun-1000"))).toEqual(["e", "f"]);
  });

  it("a batch that fails while writing leaves the earlier output intact and no temporary directory", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "atomic");
    await runSave([[1, 2, 3, 4]], (s) => s.saveAsTextFiles(prefix));
    const infos = await runSave([[5, 6, 7, 8]], (s) =>
      s
        .map((x) => {
          if (x === 8) throw new Error("boom in the last partition");
          return x;
        })
        .saveAsTextFiles(prefix),
    );
    expect(infos[0]!.failures[0]).toMatch(/saveAsTextFiles: boom in the last partition/);
    expect(listing(root)).toEqual(["atomic-1000"]);
    expect(readBatch(path.join(root, "atomic-1000")).sort()).toEqual(["1", "2", "3", "4"]);
  });

  it("writes an empty batch as a directory with _SUCCESS and empty part files", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "empty");
    await runSave<number>([[]], (s) => s.saveAsTextFiles(prefix));
    expect(listing(path.join(root, "empty-1000"))).toEqual(["_SUCCESS", "part-00000", "part-00001"]);
    expect(readBatch(path.join(root, "empty-1000"))).toEqual([]);
  });

  it("writes through a hidden temporary directory, so nothing half-written looks like a batch", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "hidden");
    const seenDuringWrite: string[][] = [];
    await runSave([["a", "b"]], (s) =>
      s
        .map((x) => {
          seenDuringWrite.push(listing(root));
          return x;
        })
        .saveAsTextFiles(prefix),
    );
    expect(seenDuringWrite.length).toBeGreaterThan(0);
    for (const entries of seenDuringWrite) {
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatch(/^\.hidden-1000\._temporary-/);
    }
    expect(listing(root)).toEqual(["hidden-1000"]);
  });

  it("reads back with sc.textFile on the batch directory (part files only, _SUCCESS skipped)", async () => {
    const root = tempDir("save-");
    const prefix = path.join(root, "round");
    await runSave<[string, number]>(
      [
        [
          ["x", 1],
          ["y", 2],
        ],
      ],
      (s) => s.saveAsTextFiles(prefix, "txt"),
    );
    const { sc } = await manualContext();
    expect(sc.textFile(path.join(root, "round-1000.txt")).collect()).toEqual(["(x,1)", "(y,2)"]);
  });
});
