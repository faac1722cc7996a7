import * as fs from "node:fs";
import { errorMessage, IllegalArgumentError } from "../errors";
import { type BatchContext, type Emit, RDD } from "./internal";

interface Split {
  file: string;
  start: number;
  end: number;
}

/**
 * The lines of one or more text files, split by byte range like Hadoop's TextInputFormat: a line
 * belongs to the split where it starts, so each partition reads only its own range.
 */
export class TextFileRDD extends RDD<string> {
  private readonly splits: Split[];

  constructor(context: BatchContext, files: string[], minPartitions: number) {
    super(context, [], "textFile");
    const sizes = files.map((f) => statSize(f));
    const total = sizes.reduce((a, b) => a + b, 0);
    const target = Math.max(1, Math.ceil(total / Math.max(1, minPartitions)));
    this.splits = [];
    files.forEach((file, i) => {
      const size = sizes[i]!;
      for (let start = 0; start < size || (start === 0 && size === 0); start += target) {
        this.splits.push({ file, start, end: Math.min(size, start + target) });
        if (size === 0) break;
      }
    });
  }

  get numPartitions(): number {
    return this.splits.length;
  }

  protected compute(split: number, emit: Emit<string>): void {
    const { file, start, end } = this.splits[split]!;
    const fd = fs.openSync(file, "r");
    try {
      const size = fs.fstatSync(fd).size;
      const span = end - start;
      let buf = readRange(fd, start, span);
      // The last line that starts in this split may run past its end: read on to its newline.
      while (start + buf.length < size && buf.indexOf(10, Math.max(0, span - 1)) < 0) {
        buf = Buffer.concat([buf, readRange(fd, start + buf.length, 64 * 1024)]);
      }
      let pos = 0;
      // A line that began in the previous split belongs to that split.
      if (start > 0 && readRange(fd, start - 1, 1)[0] !== 10) {
        const nl = buf.indexOf(10);
        pos = nl < 0 ? buf.length : nl + 1;
      }
      while (pos < span && pos < buf.length) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0) nl = buf.length;
        const lineEnd = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
        emit(buf.toString("utf8", pos, lineEnd));
        pos = nl + 1;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

function readRange(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, length));
  const n = fs.readSync(fd, buf, 0, buf.length, position);
  return buf.subarray(0, n);
}

function statSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (e) {
    throw new IllegalArgumentError(
      `textFile: cannot read ${file}: ${errorMessage(e)}. Fix: check the path exists and is readable.`,
    );
  }
}
