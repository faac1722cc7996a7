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

  /** The batch's input info, removed from the tracker. */
  take(batchTimeMs: number): Map<number, StreamInputInfo> {
    const m = this.byBatch.get(batchTimeMs) ?? new Map<number, StreamInputInfo>();
    this.byBatch.delete(batchTimeMs);
    return m;
  }
}
