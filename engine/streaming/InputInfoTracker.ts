import type { StreamInputInfo } from "./BatchInfo";

/** Collects what each input stream put into each batch, until the batch is submitted. */
export class InputInfoTracker {
  private readonly byBatch = new Map<number, Map<number, StreamInputInfo>>();

  reportInfo(batchTimeMs: number, info: StreamInputInfo): void {
    let m = this.byBatch.get(batchTimeMs);
    if (!m) {
      m = new Map();
      this.byBatch.set(batchTimeMs, m);
    }
    m.set(info.inputStreamId, info);
  }

  /**
   * The batch's input info, removed from the tracker with that of any earlier time: batches are
   * submitted in time order, so an earlier entry (an input recomputed for a past batch, as a
   * recovered stream does to rebuild its state) would never be taken and only pile up.
   */
  take(batchTimeMs: number): Map<number, StreamInputInfo> {
    const m = this.byBatch.get(batchTimeMs) ?? new Map<number, StreamInputInfo>();
    for (const t of this.byBatch.keys()) if (t <= batchTimeMs) this.byBatch.delete(t);
    return m;
  }
}
