import type { StreamingContext } from "../../engine";
import { type CellOutput, currentOutput } from "../output";
import { compileChart } from "./compileChart";
import { NoCellOutputError } from "./errors";
import { monitorSpec } from "./monitorSpec";
import { newDisplayId } from "./newDisplayId";
import { renderSvgInWorker } from "./renderSvgInWorker";
import { type MonitorOptions, StreamingMonitor } from "./StreamingMonitor";

/**
 * Spark's Streaming tab in the cell that calls it, updating live: per-batch input rate,
 * scheduling delay, processing time and total delay, plus batches completed, running and queued,
 * the last batch, averages, the input streams' record counts, and every receiver's state, rate
 * limit, records, bad records, restarts and latest error. Works before or after
 * `ssc.start()`; `stop()` on the result stops it.
 *
 * @example
 * const ssc = streamingContext(Milliseconds(100));
 * ssc.generatorStream(sentenceGenerator()).flatMap((l) => l.split(" ")).countByValue().print();
 * monitor(ssc);
 * ssc.start();
 */
export function monitor(
  ssc: StreamingContext,
  options: MonitorOptions & { output?: CellOutput } = {},
): StreamingMonitor {
  const output = options.output ?? currentOutput();
  if (!output) throw new NoCellOutputError("monitor()");
  compileChart(monitorSpec([], options), "monitor()");
  const m = new StreamingMonitor(ssc, output, newDisplayId("monitor"), {
    renderSvg: renderSvgInWorker,
    // Worker time is not the stream's time: one render in flight and minIntervalMs bound it. Spacing
    // renders by their wall time would let one slow render (the worker starting on a loaded
    // machine) push the next seconds away, leaving a headless run with an empty chart.
    maxBusyFraction: 1,
    ...options,
  });
  m.show();
  return m;
}
