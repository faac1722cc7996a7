import { freeIdentifiers } from "./freeIdentifiers";
import { SHIPPABLE_GLOBALS } from "./shippableGlobals";

/** What shipping a function's source involves: names to resolve, state it changes. */
export interface ClosureAnalysis {
  readonly source: string;
  /**
   * Free names that are not standard globals: captured variables, imports, other helpers
   * (`exports` is never among them: see exportsMembers and exportsWhole).
   */
  readonly captures: readonly string[];
  /** Standard globals it reads; a host resolver may still say a cell declared one of its own. */
  readonly globals: readonly string[];
  /** `<name>` for every `exports.<name>` it reads (tslab's reference to an earlier cell). */
  readonly exportsMembers: readonly string[];
  /** Whether it uses `exports` other than as `exports.<name>` (all of a notebook's state). */
  readonly exportsWhole: boolean;
  /** Outside state it changes: [name, how]. */
  readonly mutations: readonly (readonly [string, string])[];
}

const byFunction = new WeakMap<Function, ClosureAnalysis | { reason: string }>();
// Streams build new closures for the same code every batch: analyses are also kept by source
// text, up to a bound, so each source is parsed once. Only the analysis, never captured values.
const bySource = new Map<string, ClosureAnalysis | { reason: string }>();
const MAX_SOURCES = 1000;

/**
 * The analysis of `fn`'s source (cached by function and by source text), or why the source cannot
 * be re-evaluated on its own (a method, a class, native code, `this`).
 *
 * @example
 * analyzeClosure((x: number) => x > exports.min + offset);
 * // { captures: ["offset"], exportsMembers: ["min"], mutations: [], ... }
 */
export function analyzeClosure(fn: Function): ClosureAnalysis | { reason: string } {
  let analysis = byFunction.get(fn);
  if (analysis) return analysis;
  const source = Function.prototype.toString.call(fn);
  analysis = bySource.get(source);
  if (!analysis) {
    analysis = analyze(source);
    if (bySource.size >= MAX_SOURCES) bySource.clear();
    bySource.set(source, analysis);
  }
  byFunction.set(fn, analysis);
  return analysis;
}

function analyze(source: string): ClosureAnalysis | { reason: string } {
  const r = freeIdentifiers(source);
  if ("reason" in r) return r;
  // An arrow's `arguments` are its enclosing function's: no value a worker could be given (a
  // strict-mode parameter cannot even be named so).
  if (r.free.has("arguments")) return { reason: "it reads the enclosing function's `arguments`" };
  const captures: string[] = [];
  const globals: string[] = [];
  for (const name of r.free) {
    // `exports.<name>` reads resolve name by name (exportsMembers); the whole object never ships.
    if (name === "exports") continue;
    // esbuild's helper (tsx): the worker defines it identically, so it is never captured.
    if (name === "__name") continue;
    (SHIPPABLE_GLOBALS.has(name) ? globals : captures).push(name);
  }
  return {
    source,
    captures,
    globals,
    exportsMembers: [...r.exportsMembers],
    exportsWhole: r.exportsWhole,
    mutations: [...r.mutations],
  };
}
