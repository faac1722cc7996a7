import type { CellSample } from "./installCellReaders";

/**
 * Questions about what a notebook's cells showed over time, asked of the samples the page's
 * recorder kept (NotebookPage.startRecording / stopRecording): what changed while a cell ran, and
 * after it finished.
 *
 * @example
 * const h = new CellHistory(await nb.stopRecording());
 * h.chartPictures(2, 0, "afterDone").length // pictures chart 0 of cell 2 showed once its cell finished
 */
export class CellHistory {
  constructor(readonly samples: CellSample[]) {}

  /** Cell i's samples, oldest first. */
  of(i: number): CellSample[] {
    return this.samples.filter((s) => s.cell === i);
  }

  /**
   * Cell i's samples from the first that shows it finished (an execution count in its prompt after
   * the `*` of its run) on.
   */
  afterDone(i: number): CellSample[] {
    const all = this.of(i);
    const busy = all.findIndex((s) => s.prompt.includes("*"));
    const done = all.findIndex((s, k) => k > busy && /^\[\d+\]:$/.test(s.prompt));
    return busy < 0 || done < 0 ? [] : all.slice(done);
  }

  /**
   * The distinct pictures (signatures) with marks that chart k of cell i showed, in order: all of
   * them, or only those from the moment its cell finished (the first is what it showed then).
   */
  chartPictures(i: number, k: number, when: "all" | "afterDone" = "all"): string[] {
    const samples = when === "all" ? this.of(i) : this.afterDone(i);
    const pictures: string[] = [];
    for (const s of samples) {
      const chart = s.charts[k];
      if (chart && chart.markPixels > 0 && pictures.at(-1) !== chart.signature)
        pictures.push(chart.signature);
    }
    return pictures;
  }

  /** The most `Time:` headers cell i showed, over all samples or from the moment it finished. */
  maxTimeLines(i: number, when: "all" | "afterDone" = "all"): number {
    const samples = when === "all" ? this.of(i) : this.afterDone(i);
    return Math.max(0, ...samples.map((s) => s.timeLines));
  }

  /** The distinct counts of completed batches cell i's monitor showed, in order. */
  monitorCounts(i: number): number[] {
    const counts: number[] = [];
    for (const s of this.of(i)) {
      if (s.monitorBatches >= 0 && counts.at(-1) !== s.monitorBatches) counts.push(s.monitorBatches);
    }
    return counts;
  }
}
