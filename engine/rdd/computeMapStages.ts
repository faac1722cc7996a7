import { ShuffleDependency } from "./Dependency";
import type { RDD } from "./RDD";
import { ensureMapOutput, isMapOutputMissing } from "./shuffle";

/**
 * Computes every shuffle map output that `rdd`'s lineage is missing — the earliest stages first —
 * so that an action on `rdd` afterwards only runs its final stage. The scheduler does this before
 * each output operation (and collectAsync/countAsync before theirs).
 *
 * With the context's executor (worker threads, on by default), the map tasks that ship run on the
 * workers, all of a stage at once, while the main thread computes the others one per `pause()`
 * and otherwise serves its event loop: timers, sockets, the notebook kernel. Without it, every
 * map task runs here, one per `pause()`. Stages that do not depend on each other (the two sides
 * of a join) run at the same time.
 *
 * Best effort: a stage that fails stops the stages after it, and the action that follows fails
 * where it would have anyway (a worker's error is kept for it, see recordMapOutputFailure).
 * Stops at RDDs that are checkpointed or fully cached (nothing above them is needed).
 *
 * @example
 * await computeMapStages(counts, () => new Promise((r) => setImmediate(r)));
 * counts.collect(); // only the reduce side runs now
 */
export async function computeMapStages(rdd: RDD<unknown>, pause: () => Promise<void>): Promise<void> {
  const deps = shuffleDependencies(rdd);
  const executor = rdd.context.executor;
  if (!executor) {
    for (const dep of deps) {
      for (let m = 0; m < dep.rdd.numPartitions; m++) {
        try {
          if (!ensureMapOutput(dep, m)) continue;
        } catch {
          // The action recomputes the missing output and fails where it would have anyway —
          // inside the state and window RDDs that catch a failed batch and go on from the last
          // good one, which an error thrown from here would bypass.
          return;
        }
        await pause();
      }
    }
    return;
  }
  const ship = executor.shipOnce();
  const stages = new Map<ShuffleDependency<unknown, unknown, unknown>, Promise<boolean>>();
  for (const dep of deps) {
    // A stage starts once the stages it reads from are done (their outputs are its input).
    const parents = await Promise.all(shuffleDependencies(dep.rdd).map((p) => stages.get(p)));
    if (parents.some((ok) => ok === false)) break;
    const missing: number[] = [];
    for (let m = 0; m < dep.rdd.numPartitions; m++) if (isMapOutputMissing(dep, m)) missing.push(m);
    stages.set(
      dep,
      missing.length === 0 ? Promise.resolve(true) : executor.runMapStage(dep, missing, pause, ship),
    );
  }
  await Promise.all(stages.values());
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
