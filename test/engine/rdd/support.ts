import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach } from "vitest";
import { type RDD, ShuffleDependency } from "../../../engine/rdd/internal";
import { compareValues } from "../../../engine/util/compare";

/** A copy of `xs` in the engine's natural order, so results can be compared regardless of partitioning. */
export function sorted<T>(xs: Iterable<T>): T[] {
  return [...xs].sort(compareValues);
}

/** A copy of `xs` in a fixed order that works for mixed types (by JSON text), for multiset checks. */
export function bag<T>(xs: Iterable<T>): T[] {
  return [...xs].sort((a, b) => {
    const x = JSON.stringify(a) ?? String(a);
    const y = JSON.stringify(b) ?? String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * A function that counts its calls, for checking how much of a lineage an action recomputes.
 * @example const f = counting((x: number) => x * 2); rdd.map(f).count(); f.calls
 */
export function counting<A, B>(f: (x: A) => B): ((x: A) => B) & { calls: number } {
  const wrapped = Object.assign(
    (x: A) => {
      wrapped.calls++;
      return f(x);
    },
    { calls: 0 },
  );
  return wrapped;
}

/** A fresh directory under the OS temp dir, removed after the current test. */
export function tempDir(prefix = "dstream-lab-rdd-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The shuffle dependencies anywhere in `rdd`'s lineage, nearest first. */
export function shuffleDependencies(rdd: RDD<any>): ShuffleDependency<any, any, any>[] {
  const found: ShuffleDependency<any, any, any>[] = [];
  const seen = new Set<RDD<any>>();
  const visit = (r: RDD<any>) => {
    if (seen.has(r)) return;
    seen.add(r);
    for (const dep of r.dependencies) {
      if (dep instanceof ShuffleDependency) found.push(dep);
      visit(dep.rdd);
    }
  };
  visit(rdd);
  return found;
}
