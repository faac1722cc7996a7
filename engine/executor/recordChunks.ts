import { isPlainData } from "./isPlainData";

/**
 * How a partition's records cross to a worker thread:
 * - "strings": every record is a string. A chunk is one string (the records joined) and their
 *   lengths (a transferred Uint32Array); the worker cuts the records out again. One string copies
 *   far faster than a structured clone of many, and the worker does not allocate a string per
 *   record to read them (V8 cuts them as slices of the one string).
 * - "values": plain data (isPlainData), copied by structured clone.
 */
export type RecordEncoding = "strings" | "values";

/** Part of a partition's records as sent to a worker, in order. */
export type RecordChunk =
  | { readonly kind: "strings"; readonly text: string; readonly lengths: Uint32Array }
  | { readonly kind: "values"; readonly records: readonly unknown[] };

/**
 * A chunk is about this many characters of strings: under V8's large-object size (128 KB), so
 * the joined string is a young object that dies cheaply once posted, not one that grows the old
 * generation and brings on a full garbage collection of the main thread's heap.
 */
const CHUNK_CHARS = 100_000;
/** ... or at most this many records. */
const CHUNK_RECORDS = 8192;

/** How `data` can cross to a worker, or undefined if it cannot (records that are not plain data). */
export function recordEncoding(data: readonly unknown[]): RecordEncoding | undefined {
  let strings = true;
  for (let i = 0; i < data.length; i++) {
    if (typeof data[i] !== "string") {
      strings = false;
      break;
    }
  }
  if (strings) return "strings";
  return isPlainData(data) ? "values" : undefined;
}

/**
 * The chunk of `data` starting at `from`, the objects to transfer with it, and where the next one
 * starts. Chunks let the worker start on the first records while the main thread prepares the
 * rest, and let the main thread serve its event loop between them.
 */
export function nextChunk(
  data: readonly unknown[],
  from: number,
  encoding: RecordEncoding,
): { chunk: RecordChunk; transfer: ArrayBuffer[]; next: number } {
  if (encoding === "values") {
    const next = Math.min(data.length, from + CHUNK_RECORDS);
    return { chunk: { kind: "values", records: data.slice(from, next) }, transfer: [], next };
  }
  const strings = data as readonly string[];
  let next = from;
  let chars = 0;
  while (next < strings.length && chars < CHUNK_CHARS && next - from < CHUNK_RECORDS) {
    chars += strings[next]!.length;
    next++;
  }
  const lengths = new Uint32Array(next - from);
  for (let i = from; i < next; i++) lengths[i - from] = strings[i]!.length;
  const text = strings.slice(from, next).join("");
  return { chunk: { kind: "strings", text, lengths }, transfer: [lengths.buffer as ArrayBuffer], next };
}

/** Calls `f` with each record of `chunk`, in order (in the worker). */
export function forEachRecord(chunk: RecordChunk, f: (record: any) => void): void {
  if (chunk.kind === "values") {
    const { records } = chunk;
    for (let i = 0; i < records.length; i++) f(records[i]);
    return;
  }
  const { text, lengths } = chunk;
  let pos = 0;
  for (let i = 0; i < lengths.length; i++) {
    const end = pos + lengths[i]!;
    f(text.slice(pos, end));
    pos = end;
  }
}
