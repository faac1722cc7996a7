import { isUtf8 } from "node:buffer";

/** How a LineSplitter cuts bytes into lines. */
export interface LineSplitterOptions {
  /** The longest line accepted, in bytes (without its newline). Default 1 MiB. */
  maxLineBytes?: number;
  /** Called for each line that is set aside: `problem` says what was wrong and the fix. */
  onBadLine?: (problem: string) => void;
}

const NEWLINE = 0x0a;
const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a byte stream (TCP chunks, an HTTP body) into UTF-8 lines: a line split across chunks is
 * still one line, `\r\n` and `\n` both end a line, and `end()` returns a last line that has no
 * newline. A line that is not valid UTF-8 or is longer than `maxLineBytes` is reported through
 * `onBadLine` and skipped (an oversized line is dropped as it arrives, so memory stays bounded).
 *
 * Whole chunks are checked and decoded at once; only a chunk with invalid bytes is gone through
 * line by line, to find the bad ones.
 *
 * @example
 * const splitter = new LineSplitter({ onBadLine: (p) => console.warn(p) });
 * splitter.push(Buffer.from("a\r\nb")); // ["a"]
 * splitter.end();                       // ["b"]
 */
export class LineSplitter {
  readonly maxLineBytes: number;
  private carry: Buffer | undefined;
  /** True while skipping the rest of an oversized line, until its newline. */
  private discarding = false;
  private readonly onBadLine: (problem: string) => void;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.onBadLine = options.onBadLine ?? (() => {});
  }

  /** Bytes held for a line not finished yet. */
  get pendingBytes(): number {
    return this.carry?.length ?? 0;
  }

  /** The complete lines in `chunk` (with what came before it). */
  push(chunk: Buffer): string[] {
    let start = 0;
    if (this.discarding) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) return [];
      this.discarding = false;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < start) {
      this.hold(chunk, start, chunk.length);
      return [];
    }
    let complete = chunk.subarray(start, last + 1);
    if (this.carry) {
      complete = Buffer.concat([this.carry, complete]);
      this.carry = undefined;
    }
    const lines = this.decode(complete);
    if (last + 1 < chunk.length) this.hold(chunk, last + 1, chunk.length);
    return lines;
  }

  /** The last line, if the stream ended without a newline; the splitter is empty afterwards. */
  end(): string[] {
    const rest = this.carry;
    this.carry = undefined;
    this.discarding = false;
    if (!rest || rest.length === 0) return [];
    return this.decode(Buffer.concat([rest, Buffer.from([NEWLINE])]));
  }

  /** Forgets a partial line (the connection it came from is gone). */
  reset(): void {
    this.carry = undefined;
    this.discarding = false;
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    const size = (this.carry?.length ?? 0) + (to - from);
    if (size > this.maxLineBytes) {
      this.carry = undefined;
      this.discarding = true;
      this.onBadLine(this.tooLong(size));
      return;
    }
    // A copy: the source may reuse its chunk's memory.
    const piece = Buffer.from(chunk.subarray(from, to));
    this.carry = this.carry ? Buffer.concat([this.carry, piece]) : piece;
  }

  /** `bytes` ends with a newline. */
  private decode(bytes: Buffer): string[] {
    if (bytes.length - 1 <= this.maxLineBytes && isUtf8(bytes)) {
      const lines = bytes.toString("utf8", 0, bytes.length - 1).split("\n");
      return lines.some((l) => l.endsWith("\r")) ? lines.map(stripCr) : lines;
    }
    return this.decodeEach(bytes);
  }

  /** Line by line, setting aside the invalid and oversized ones. */
  private decodeEach(bytes: Buffer): string[] {
    const lines: string[] = [];
    let from = 0;
    while (from < bytes.length) {
      const nl = bytes.indexOf(NEWLINE, from);
      const line = bytes.subarray(from, nl);
      from = nl + 1;
      if (line.length > this.maxLineBytes) this.onBadLine(this.tooLong(line.length));
      else if (!isUtf8(line)) {
        this.onBadLine(
          "a line is not valid UTF-8 and was set aside. Fix: send UTF-8 text (e.g. iconv -t UTF-8), one record per line.",
        );
      } else lines.push(stripCr(line.toString("utf8")));
    }
    return lines;
  }

  private tooLong(bytes: number): string {
    return (
      `a line of over ${this.maxLineBytes} bytes (${bytes} so far) was set aside. Fix: end records with a ` +
      "newline, or raise maxLineBytes for longer lines."
    );
  }
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
