/**
 * Partitions smaller than this always ship: too small to time, and too cheap to matter either
 * way. Small enough that a stream's partitions are timed (a Kafka batch of 100,000 records in 12
 * partitions has 8,000 per partition), so records that cost more to copy than to count stay here.
 */
const MIN_RECORDS = 1_000;

/**
 * A task ships when copying its records (there and back) costs the main thread less than half of
 * computing them: the rest of the saving pays for the round trip, and for the garbage collection
 * of what came back that the copy's timing does not see.
 */
const SAVING = 2;

interface Costs {
  /** Computing a record (steps and shuffle write), in ns, wherever it was last timed. */
  computeNs: number;
  /** Preparing and sending a record to a worker, in ns of main-thread time; unknown until shipped once. */
  copyNs: number | undefined;
}

/**
 * Decides whether a shippable task is worth shipping: copying its records to a worker and its
 * output back costs main-thread time too, and for cheap work (a grep's `includes`, a groupByKey
 * of words whose every pair comes back) about as much as computing them here.
 * Costs are timed per task kind (its functions, see MapTaskPlan.signature) on real tasks, so the
 * first task of a kind always ships, and a kind kept here is timed here and ships again once it
 * becomes costlier than the copy.
 *
 * @example
 * model.keepHere(sig, 500_000); // false: not timed yet
 * model.shipped(sig, 500_000, 60, 30); // copying cost 60 ms, computing 30 ms
 * model.keepHere(sig, 500_000); // true
 */
export class ShipCostModel {
  private readonly bySignature = new Map<string, Costs>();

  keepHere(signature: string, records: number): boolean {
    if (records < MIN_RECORDS) return false;
    const costs = this.bySignature.get(signature);
    return costs?.copyNs !== undefined && costs.computeNs < SAVING * costs.copyNs;
  }

  /** A task of `records` records shipped: `copyMs` on the main thread, `computeMs` in the worker. */
  shipped(signature: string, records: number, copyMs: number, computeMs: number): void {
    if (records < MIN_RECORDS) return;
    this.remember(signature, { computeNs: (computeMs * 1e6) / records, copyNs: (copyMs * 1e6) / records });
  }

  /** A task of `records` records computed here in `computeMs`. */
  computedHere(signature: string, records: number, computeMs: number): void {
    if (records < MIN_RECORDS) return;
    const copyNs = this.bySignature.get(signature)?.copyNs;
    this.remember(signature, { computeNs: (computeMs * 1e6) / records, copyNs });
  }

  private remember(signature: string, costs: Costs): void {
    this.bySignature.delete(signature);
    this.bySignature.set(signature, costs);
    // Bounded: a notebook session makes many one-off pipelines.
    if (this.bySignature.size > 200) this.bySignature.delete(this.bySignature.keys().next().value!);
  }
}
