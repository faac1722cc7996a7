import type { Emit } from "./internal";

/** The element-wise operations a PipelinedRDD can describe as data. */
export type StepKind =
  | "map"
  | "flatMap"
  | "filter"
  | "keyBy"
  | "mapValues"
  | "flatMapValues"
  | "keys"
  | "values";

/**
 * One element-wise step kept as data (its kind and the user's function) as well as run as a
 * closure: the parallel executor re-creates the step in a worker thread from the function's source,
 * so the step must be rebuilt from exactly this description there and here (see stageOf).
 */
export interface Step {
  readonly kind: StepKind;
  /** The user's function; absent for keys and values. */
  readonly f?: (x: any) => any;
}

/**
 * Turns a step into the emitter transformer a PipelinedRDD runs. The one definition of what each
 * kind does, shared by the main thread and the worker threads so both compute the same records.
 */
export function stageOf(step: Step): (emit: Emit<any>) => Emit<any> {
  const f = step.f!;
  switch (step.kind) {
    case "map":
      return (emit) => (x) => emit(f(x));
    case "flatMap":
      return (emit) => (x) => {
        for (const y of f(x)) emit(y);
      };
    case "filter":
      return (emit) => (x) => {
        if (f(x)) emit(x);
      };
    case "keyBy":
      return (emit) => (x) => emit([f(x), x]);
    case "mapValues":
      return (emit) => (kv) => emit([kv[0], f(kv[1])]);
    case "flatMapValues":
      return (emit) => (kv) => {
        for (const w of f(kv[1])) emit([kv[0], w]);
      };
    case "keys":
      return (emit) => (kv) => emit(kv[0]);
    case "values":
      return (emit) => (kv) => emit(kv[1]);
  }
}
