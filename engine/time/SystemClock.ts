import type { Clock } from "./Clock";

/** Wall-clock time, for live streams. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(timeMs: number, task: () => unknown): () => void {
    const handle = setTimeout(task, Math.max(0, timeMs - Date.now()));
    return () => clearTimeout(handle);
  }
}
