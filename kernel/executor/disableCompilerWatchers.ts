import * as ts from "@tslab/typescript-for-tslab";

let disabled = false;

/**
 * tslab's converter is a TypeScript watch program: it watches every file the session's types come
 * from. A file edited on disk while the kernel runs then schedules a rebuild behind the converter's
 * back, which throws "Unexpected pending rebuildTimer" and breaks every later cell. The kernel
 * never reloads modules it has loaded, so their types must not change either: the watchers on real
 * files are turned off (the converter's own in-memory cell files do not use them). Idempotent.
 */
export function disableCompilerWatchers(): void {
  if (disabled) return;
  disabled = true;
  const none = { close() {} };
  ts.sys.watchFile = () => none;
  ts.sys.watchDirectory = () => none;
}
