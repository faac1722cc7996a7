import { promisify } from "node:util";
import { cellWorkStorage } from "../output/CellWork";

let installed = false;

/**
 * Makes the global setTimeout / setInterval record each timer in the CellWork of the cell that
 * created it (through its async context), so interrupting that cell can clear them. A timer
 * created by a cell that was already stopped is not scheduled at all. Idempotent.
 */
export function trackTimers(): void {
  if (installed) return;
  installed = true;
  const owner = new Map<NodeJS.Timeout, Set<NodeJS.Timeout>>();
  const original = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
  };
  const forget = (t: NodeJS.Timeout) => {
    owner.get(t)?.delete(t);
    owner.delete(t);
  };
  const track = (make: typeof setTimeout | typeof setInterval, once: boolean) =>
    function tracked(this: unknown, callback: (...a: any[]) => void, ms?: number, ...args: any[]) {
      const work = cellWorkStorage.getStore();
      if (!work) return (make as any).call(this, callback, ms, ...args);
      if (work.stopped || typeof callback !== "function") {
        // An interrupted cell resuming (say, after an await) must not start anything new.
        const dead = original.setTimeout(() => {}, 0);
        original.clearTimeout(dead);
        return dead;
      }
      const timer: NodeJS.Timeout = (make as any).call(
        this,
        function (this: unknown, ...a: any[]) {
          if (once) forget(timer);
          return callback.apply(this, a);
        },
        ms,
        ...args,
      );
      work.timers.add(timer);
      owner.set(timer, work.timers);
      return timer;
    };
  const untrack = (clear: typeof clearTimeout) =>
    function untracked(timer: any) {
      if (timer && typeof timer === "object") forget(timer);
      return clear(timer);
    };
  const patchedTimeout = track(original.setTimeout, true) as any;
  patchedTimeout[promisify.custom] = (original.setTimeout as any)[promisify.custom];
  globalThis.setTimeout = patchedTimeout;
  globalThis.setInterval = track(original.setInterval, false) as any;
  globalThis.clearTimeout = untrack(original.clearTimeout) as any;
  globalThis.clearInterval = untrack(original.clearInterval as typeof clearTimeout) as any;
}
