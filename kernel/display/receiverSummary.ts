import { type ReceiverInfo, ReceiverInputDStream, type StreamingContext } from "../../engine";
import type { Table } from "./tableOf";

/** The receivers part of the monitor: a headline, a table (none without receivers), error lines. */
export interface ReceiverSummary {
  /** E.g. `Receivers: 2 (1 active, 1 restarting).` or `Receivers: none …`. */
  headline: string;
  /** One row per receiver; undefined when the context has none. */
  table: Table | undefined;
  /** One line per receiver that has had an error: its latest, in full (it names the problem and the fix). */
  errors: string[];
}

/** The table's columns, in Spark's Streaming tab's spirit plus what a notebook user acts on. */
export const RECEIVER_COLUMNS = [
  "receiver",
  "state",
  "rate limit (records/s)",
  "paused",
  "records stored",
  "bad records",
  "restarts",
];

/**
 * The status of every receiver of `ssc` (its ReceiverInputDStreams, in the order they were
 * created), read now: records stored move between batches, so the monitor reads them at each
 * redraw rather than keeping its own copy. The latest error goes on a line of its own, because a
 * table cell would cut the fix off.
 *
 * @example receiverSummary(ssc).table?.rows // [["socket localhost:9999", "active", "none", "no", 120, 0, 0]]
 */
export function receiverSummary(ssc: StreamingContext): ReceiverSummary {
  const infos = ssc.graph.inputStreams
    .filter((s): s is ReceiverInputDStream<unknown> => s instanceof ReceiverInputDStream)
    .map((s) => s.receiverInfo);
  if (infos.length === 0) {
    return {
      headline: "Receivers: none (no input stream of this context needs one).",
      table: undefined,
      errors: [],
    };
  }
  const byState = new Map<string, number>();
  for (const i of infos) byState.set(i.state, (byState.get(i.state) ?? 0) + 1);
  const states =
    ssc.getState() === "INITIALIZED"
      ? "not started"
      : [...byState].map(([state, n]) => `${n} ${state}`).join(", ");
  return {
    headline: `Receivers: ${infos.length} (${states}).`,
    // Before start() every receiver is "starting", which would read as if something were happening.
    table: {
      columns: RECEIVER_COLUMNS,
      rows: infos.map((i) => receiverRow(i, ssc.getState() === "INITIALIZED" ? "not started" : i.state)),
    },
    errors: infos.filter((i) => i.lastErrorMessage !== undefined).map(errorLine),
  };
}

function receiverRow(i: ReceiverInfo, state: string): unknown[] {
  return [
    i.name,
    state,
    i.rateLimit === undefined ? "none" : Math.round(i.rateLimit),
    i.paused ? "yes" : "no",
    i.recordsStored,
    i.badRecords,
    i.restarts,
  ];
}

function errorLine(i: ReceiverInfo): string {
  const at = i.lastErrorTime === undefined ? "" : ` at ${i.lastErrorTime} ms`;
  return `Last error of ${i.name}${at}: ${i.lastErrorMessage}`;
}
