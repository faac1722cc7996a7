import { ShuffleDependency } from "./Dependency";
import type { RDD } from "./RDD";
import { ensureMapOutput } from "./shuffle";

/**
 * Computes every shuffle map output that `rdd`'s lineage is missing — the earliest stages first,
 * one map partition per call of `pause` — so that an action on `rdd` afterwards only runs its
 * final stage. The scheduler does this before each output operation: a batch's heavy map side
 * then runs in slices between which the event loop serves timers, sockets and the notebook
 * kernel, instead of blocking them for the whole batch.
 *
 * Stops at RDDs that are checkpointed or fully cached (nothing above them is needed). With the
 * worker-thread executor it does nothing: readShuffle then computes all map outputs at once in
 * parallel, which is faster than slicing them on the main thread.
 *
 * @example
 * await computeMapStages(counts, () => new Promise((r) => setImmediate(r)));
 * counts.collect(); // only the reduce side runs now
 */
export async function computeMapStages(rdd: RDD<unknown>, pause: () => Promise<void>): Promise<void> {
  if (rdd.context.executor) return;
  for (const dep of shuffleDependencies(rdd)) {
    for (let m = 0; m < dep.rdd.numPartitions; m++) {
      try {
        if (!ensureMapOutput(dep, m)) continue;
      } catch {
        // Best effort only. The action recomputes the missing output and fails where it would
        // have anyway — inside the state and window RDDs that catch a failed batch and go on
        // from the last good one, which an error thrown from here would bypass.
        return;
      }
      await pause();
    }
  }
}

/** The lineage's shuffle dependencies, parents before children (the order stages must run). */
function shuffleDependencies(rdd: RDD<unknown>): ShuffleDependency<unknown, unknown, unknown>[] {
  const found: ShuffleDependency<unknown, unknown, unknown>[] = [];
  const seen = new Set<RDD<unknown>>();
  const visit = (r: RDD<unknown>) => {
    if (seen.has(r) || r.isFullyInMemory()) return;
    seen.add(r);
    for (const dep of r.dependencies) {
      visit(dep.rdd);
      if (dep instanceof ShuffleDependency) found.push(dep);
    }
  };
  visit(rdd);
  return found;
}
