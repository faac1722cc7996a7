import { inspect } from "node:util";
import type { MimeBundle } from "../output";

/**
 * The mime bundle Jupyter shows for a value (an execute_result or `display(value)`).
 * Placeholder: plain text only; rich forms (RDD and DataFrame tables, charts) come with kernel/display.
 */
export function toMimeBundle(value: unknown): MimeBundle {
  return { "text/plain": typeof value === "string" ? value : inspect(value) };
}
