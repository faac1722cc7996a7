import * as fs from "node:fs";

const NEWLINE = 0x0a;
const CHUNK_BYTES = 64 * 1024;

/**
 * How many lines TextFileRDD reads from `file` — its newlines, plus a last line that has none —
 * counted from the bytes without decoding them. Throws what opening or reading the file throws.
 *
 * @example countLines("a.txt") // 2 for "x\ny" and for "x\ny\n"; 0 for an empty file
 */
export function countLines(file: string): number {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let lines = 0;
    let last = NEWLINE;
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) {
      const chunk = buf.subarray(0, n);
      for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
      last = chunk[n - 1]!;
    }
    return last === NEWLINE ? lines : lines + 1;
  } finally {
    fs.closeSync(fd);
  }
}
