import { AsyncLocalStorage } from "node:async_hooks";
import type { CellOutput } from "./CellOutput";

/**
 * The CellOutput of the cell whose code is running. The executor runs each cell inside
 * `cellOutputStorage.run(output, …)`; the async context follows timers, promises and the
 * engine's output operations (ForEachDStream binds the context it was defined in).
 */
export const cellOutputStorage = new AsyncLocalStorage<CellOutput>();

/** The CellOutput of the running cell, or undefined outside any cell (e.g. kernel start-up). */
export function currentOutput(): CellOutput | undefined {
  return cellOutputStorage.getStore();
}
