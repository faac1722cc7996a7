import { randomUUID } from "node:crypto";

/**
 * A fresh display id (Jupyter's `transient.display_id`): unique across kernels and restarts, since
 * a notebook keeps the ids of old outputs and an update must never land on one of them.
 *
 * @example newDisplayId("chart") // "chart-3f2b…"
 */
export function newDisplayId(prefix = "display"): string {
  return `${prefix}-${randomUUID()}`;
}
