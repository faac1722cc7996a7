import * as fs from "node:fs";
import * as path from "node:path";

/** What makes a file in the directory new for the batch being generated. */
export interface NewFileQuery {
  /** The batch time: a file modified after it belongs to a later batch. */
  currentTimeMs: number;
  /** A file modified at or before this is too old (before the start, or out of the remember window). */
  ignoreThresholdMs: number;
  /** Whether a remembered earlier batch already took the file. */
  isTaken: (file: string) => boolean;
  /** The user's filter, applied after the default one. */
  filter?: ((file: string) => boolean) | undefined;
}

/**
 * The files among `entries` (a listing of `directory`) new at a batch (Spark's
 * FileInputDStream.findNewFiles): plain files, not hidden, modified in (ignoreThresholdMs,
 * currentTimeMs], and not taken yet — sorted by path, so a batch's partitions come in the same
 * order every time. A file that vanishes while being looked at is simply not new.
 *
 * Hidden means a name starting with "." (Spark's default filter: where writers put a file while
 * writing it) or "_" (Hadoop's: `_SUCCESS`, `_temporary`).
 *
 * @example
 * const entries = fs.readdirSync("/data/in", { withFileTypes: true });
 * findNewFiles("/data/in", entries, { currentTimeMs: 2000, ignoreThresholdMs: 1000, isTaken: () => false })
 */
export function findNewFiles(directory: string, entries: fs.Dirent[], query: NewFileQuery): string[] {
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const file = path.join(directory, entry.name);
    if (query.isTaken(file) || (query.filter && !query.filter(file))) continue;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    // A subdirectory, a file gone since the listing, a dangling link, a device.
    if (!stat?.isFile()) continue;
    // Whole ms, as Hadoop reports them. Rounded rather than truncated: Node sets a time such as
    // new Date(1001) as 1000.999 ms (utimes goes through float seconds), and the file belongs at 1001.
    const mtime = Math.round(stat.mtimeMs);
    if (mtime > query.ignoreThresholdMs && mtime <= query.currentTimeMs) found.push(file);
  }
  return found.sort();
}
