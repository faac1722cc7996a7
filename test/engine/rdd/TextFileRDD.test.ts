import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { IllegalArgumentError } from "../../../engine/errors";
import { TextFileRDD } from "../../../engine/rdd/internal";
import { seededRandom } from "../../../engine/util/random";
import { tempDir } from "./support";

const sc = new BatchContext({ appName: "text-file", parallelism: 3 });

/** The lines a reader should produce: split on \n, a trailing \r dropped, no line after a final \n. */
function expectedLines(text: string): string[] {
  if (text === "") return [];
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Reads `text` back with every partition count from 1 to `max` and checks each line comes once. */
function checkAllSplits(text: string, max = 24): void {
  const file = write(tempDir(), "data.txt", text);
  const expected = expectedLines(text);
  for (let n = 1; n <= max; n++) {
    const rdd = sc.textFile(file, n);
    expect(rdd.collect(), `minPartitions ${n}`).toEqual(expected);
  }
}

describe("textFile", () => {
  it("returns an RDD of the file's lines", () => {
    const file = write(tempDir(), "words.txt", "a b\nc\n\nd e f\n");
    const rdd = sc.textFile(file);
    expect(rdd).toBeInstanceOf(TextFileRDD);
    expect(rdd.collect()).toEqual(["a b", "c", "", "d e f"]);
  });

  it("splits a file by byte range into at least minPartitions partitions", () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n");
    const file = write(tempDir(), "lines.txt", text);
    const rdd = sc.textFile(file, 4);
    expect(rdd.getNumPartitions()).toBeGreaterThanOrEqual(4);
    const parts = rdd.glom().collect();
    expect(parts.filter((p) => p.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(parts.flat()).toEqual(expectedLines(text));
  });

  it("yields every line exactly once whatever the split size", () => {
    checkAllSplits("alpha\nbeta\ngamma\ndelta\nepsilon\nzeta\neta\ntheta\n");
  });

  it("handles a last line without a trailing newline", () => {
    checkAllSplits("one\ntwo\nthree");
  });

  it("strips the \\r of CRLF line endings, also when \\r and \\n fall in different splits", () => {
    checkAllSplits("ab\r\ncd\r\n\r\nefgh\r\ni\r\n");
    checkAllSplits("x\r\ny");
  });

  it("keeps empty lines, including a file of newlines only", () => {
    checkAllSplits("\n\n\n");
    checkAllSplits("\na\n\nb\n\n");
  });

  it("reads lines much longer than a split once, in the split where they start", () => {
    const long = "x".repeat(5000);
    const text = `short\n${long}\n${long}y\nz\n${"w".repeat(3000)}`;
    const file = write(tempDir(), "long.txt", text);
    for (const n of [2, 7, 40, 300]) {
      expect(sc.textFile(file, n).collect(), `minPartitions ${n}`).toEqual(expectedLines(text));
    }
  });

  it("reads multi-byte UTF-8 characters that straddle a split boundary", () => {
    checkAllSplits("héllo wörld\n日本語のテキスト\n🙂🙃 emoji\nfin");
  });

  it("yields every line once for random files and partition counts", () => {
    const rand = seededRandom(2026);
    const pieces = ["", "a", "bb", "ccc ddd", "é", "\r", "x".repeat(40)];
    for (let trial = 0; trial < 30; trial++) {
      let text = "";
      const lines = Math.floor(rand() * 30);
      for (let i = 0; i < lines; i++) {
        text += pieces[Math.floor(rand() * pieces.length)]!.replace("\r", "");
        text += rand() < 0.3 ? "\r\n" : "\n";
      }
      if (rand() < 0.5) text += "tail";
      const file = write(tempDir(), `t${trial}.txt`, text);
      const n = 1 + Math.floor(rand() * 40);
      expect(sc.textFile(file, n).collect(), `trial ${trial}, minPartitions ${n}`).toEqual(
        expectedLines(text),
      );
    }
  });

  it("gives no records for an empty file", () => {
    const file = write(tempDir(), "empty.txt", "");
    const rdd = sc.textFile(file, 4);
    expect(rdd.collect()).toEqual([]);
    expect(rdd.count()).toBe(0);
  });

  it("reads every visible file of a directory, in name order, skipping hidden and _ files", () => {
    const dir = tempDir();
    write(dir, "part-b.txt", "b1\nb2\n");
    write(dir, "part-a.txt", "a1\na2");
    write(dir, "part-c.txt", "");
    write(dir, ".hidden", "secret\n");
    write(dir, "_SUCCESS", "");
    fs.mkdirSync(path.join(dir, "nested"));
    write(path.join(dir, "nested"), "inner.txt", "inner\n");
    expect(sc.textFile(dir, 5).collect()).toEqual(["a1", "a2", "b1", "b2"]);
  });

  it("never joins the end of one file with the start of the next", () => {
    const dir = tempDir();
    write(dir, "1.txt", "no newline at end");
    write(dir, "2.txt", "second file");
    for (const n of [1, 3, 10]) {
      expect(sc.textFile(dir, n).collect()).toEqual(["no newline at end", "second file"]);
    }
  });

  it("reads a comma-separated list of paths, spaces allowed after commas", () => {
    const dir = tempDir();
    const a = write(dir, "a.txt", "a\n");
    const b = write(dir, "b.txt", "b1\nb2\n");
    const sub = path.join(dir, "sub");
    fs.mkdirSync(sub);
    write(sub, "c.txt", "c\n");
    expect(sc.textFile(`${b},${a}`).collect()).toEqual(["b1", "b2", "a"]);
    expect(sc.textFile(`${a}, ${sub}`).collect()).toEqual(["a", "c"]);
  });

  it("fails at once with a clear error for a missing path", () => {
    const missing = path.join(tempDir(), "nope.txt");
    expect(() => sc.textFile(missing)).toThrow(IllegalArgumentError);
    expect(() => sc.textFile(missing)).toThrow(`textFile: ${missing} does not exist. Fix: check the path`);
    const present = write(tempDir(), "here.txt", "x\n");
    expect(() => sc.textFile(`${present},${missing}`)).toThrow(IllegalArgumentError);
  });

  it("rejects minPartitions below 1", () => {
    const file = write(tempDir(), "x.txt", "x\n");
    expect(() => sc.textFile(file, 0)).toThrow(/^textFile: the number of partitions/);
  });

  it("works with the rest of the API: word count over a split file", () => {
    const text = "the cat\nthe dog\r\nthe end";
    const file = write(tempDir(), "wc.txt", text);
    const counts = sc
      .textFile(file, 5)
      .flatMap((l) => l.split(" "))
      .countByValue();
    expect(Object.fromEntries(counts)).toEqual({ the: 3, cat: 1, dog: 1, end: 1 });
  });
});
