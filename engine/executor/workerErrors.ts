import * as engineErrors from "../errors";

/** What a worker thread sends back about something thrown in it. */
export type ThrownInWorker =
  | { error: true; name: string; message: string; stack: string | undefined; props: Record<string, unknown> }
  | { error: false; value: unknown };

// Errors come back as the class the main thread would have thrown, so `instanceof` and `name`
// checks in user code (and in tests) behave the same with and without workers.
const CLASSES: Record<string, new (...args: any[]) => Error> = {
  // Every error class engine/errors.ts exports, so a new one needs no entry here.
  ...Object.fromEntries(
    Object.entries(engineErrors).filter(
      ([, v]) => typeof v === "function" && (v === Error || v.prototype instanceof Error),
    ),
  ),
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

/** Describes a thrown value so it can cross to the main thread (in the worker). */
export function describeThrown(e: unknown): ThrownInWorker {
  if (!(e instanceof Error)) return { error: false, value: cloneable(e) ? e : String(e) };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (k !== "name" && cloneable(v)) props[k] = v;
  return { error: true, name: e.name, message: e.message, stack: e.stack, props };
}

/**
 * Re-creates what a worker threw (on the main thread): an error of the same class when it is an
 * engine error or a standard one, with the same message, stack and fields (a
 * NonComparableKeyError keeps its operator and key); otherwise an Error carrying the same name.
 */
export function reviveThrown(t: ThrownInWorker): unknown {
  if (!t.error) return t.value;
  const cls = Object.hasOwn(CLASSES, t.name) ? CLASSES[t.name]! : Error;
  const e: Error = Object.create(cls.prototype);
  // Own, non-enumerable message and stack, as a thrown Error has them.
  Object.defineProperty(e, "message", { value: t.message, writable: true, configurable: true });
  Object.defineProperty(e, "stack", { value: t.stack, writable: true, configurable: true });
  if (cls.prototype.name !== t.name) e.name = t.name;
  Object.assign(e, t.props);
  return e;
}

function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}
