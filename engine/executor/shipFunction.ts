import { analyzeClosure } from "./analyzeClosure";
import { estimateBytes, nonPlainPart } from "./capturedData";
import { type ClosureResolver, closureResolver } from "./closureResolver";
import { isPlainData } from "./isPlainData";
import { SHIPPED_FUNCTION, type ShippedFunction } from "./reviveFunction";
import { shortSource } from "./shortSource";

/**
 * The most plain data a closure, with the functions it captures, carries to a worker with each
 * job (estimated as structured-clone bytes). More than this is cheaper to compute where it is.
 */
export const MAX_CAPTURED_BYTES = 16 * 1024 * 1024;

/** Functions capturing functions capturing…: deeper than this stays on the main thread. */
const MAX_NESTING = 16;

const PLAIN_DATA =
  "plain data (numbers, strings, booleans, null, bigints, arrays, plain objects, Maps and Sets of those, typed arrays, Dates)";

/** One call of shipFunction: the functions being shipped (for cycles) and the bytes so far. */
interface Trip {
  readonly stack: Function[];
  bytes: number;
  readonly resolve: ClosureResolver | undefined;
}

/**
 * `fn` as a ShippedFunction, or why it cannot ship (then it runs on the main thread, as before).
 * Called once per job and function: the analysis of the source is cached, the captured values
 * are read anew through the host's resolver (setClosureResolver). A closure ships when it reads
 * only standard globals, plain data and other functions that ship, and changes no outside state.
 *
 * @example
 * shipFunction((l: string) => l.split(" ")); // { shipped: { source: '(l) => l.split(" ")', captured: {} } }
 * // With the notebook kernel's resolver, in a cell:  const min = 3;
 * shipFunction((x: number) => x > min); // { shipped: { source: "(x) => x > min", captured: { min: 3 } } }
 * let seen = 0;
 * shipFunction((x: number) => { seen++; return x; }); // { reason: "`(x) => { seen++; return x; }` changes `seen` ..." }
 */
export function shipFunction(fn: Function): { shipped: ShippedFunction } | { reason: string } {
  return ship(fn, { stack: [], bytes: 0, resolve: closureResolver() });
}

function ship(fn: Function, trip: Trip): { shipped: ShippedFunction } | { reason: string } {
  const analysis = analyzeClosure(fn);
  const label = `\`${shortSource(fn)}\``;
  if ("reason" in analysis) return { reason: `${label} cannot ship: ${analysis.reason}` };
  const [mutation] = analysis.mutations;
  if (mutation) {
    const [name, how] = mutation;
    return {
      reason:
        `${label} changes \`${name}\` (it ${how}): in a worker it would change that worker's copy, and the ` +
        "change would not come back. Functions given to transformations must not change outside state " +
        "(Spark's closure rule): return the value and combine it with reduce (an accumulator-like " +
        "output) instead. It runs on the main thread, where the change works as before.",
    };
  }
  if (analysis.exportsWhole) {
    return {
      reason:
        `${label} uses \`exports\` as a whole (every notebook declaration), which does not ship: ` +
        "read the names it needs directly, or leave it on the main thread",
    };
  }
  const { resolve } = trip;
  if (!resolve) {
    const outside = [...analysis.captures, ...analysis.exportsMembers];
    if (outside.length > 0) {
      return {
        reason:
          `${label} reads ${outside.map((n) => `\`${n}\``).join(", ")}, which ${outside.length === 1 ? "is" : "are"} ` +
          "not a standard global (a captured variable, an import or a module-level helper)",
      };
    }
    return { shipped: { source: analysis.source, captured: {} } };
  }
  if (trip.stack.length >= MAX_NESTING) {
    return { reason: `${label} reaches functions through captured functions more than ${MAX_NESTING} deep` };
  }
  trip.stack.push(fn);
  try {
    const captured: Record<string, unknown> = {};
    // A standard global the host knows as a variable was declared by the user (`const Map = …`).
    const names = [...analysis.captures, ...analysis.globals];
    for (const name of names) {
      const found = lookUp(resolve, name, fn, label);
      if (found && "reason" in found) return found;
      if (!found) {
        if (analysis.globals.includes(name)) continue;
        return {
          reason:
            `${label} reads \`${name}\`, which is not a standard global and not a variable the host found ` +
            "in its closure (a Node.js global such as process, or a property set on globalThis): a worker " +
            "cannot get it, so it stays on the main thread",
        };
      }
      const value = capture(name, found.value, label, trip);
      if ("reason" in value) return value;
      captured[name] = value.value;
    }
    if (analysis.exportsMembers.length > 0) {
      const found = lookUp(resolve, "exports", fn, label);
      if (found && "reason" in found) return found;
      const exportsObject = found?.value;
      if (exportsObject === null || typeof exportsObject !== "object") {
        return {
          reason: `${label} reads \`exports.${analysis.exportsMembers[0]}\`, but \`exports\` is not an object it captures`,
        };
      }
      const members: Record<string, unknown> = {};
      for (const name of analysis.exportsMembers) {
        let v: unknown;
        try {
          v = (exportsObject as Record<string, unknown>)[name];
        } catch (e) {
          return { reason: `${label} reads \`${name}\`, which could not be read: ${String(e)}` };
        }
        const value = capture(name, v, label, trip);
        if ("reason" in value) return value;
        members[name] = value.value;
      }
      captured.exports = members;
    }
    return { shipped: { source: analysis.source, captured } };
  } finally {
    trip.stack.pop();
  }
}

/** The resolver's answer, or a reason if it threw (the kernel stays up either way). */
function lookUp(
  resolve: ClosureResolver,
  name: string,
  fn: Function,
  label: string,
): { value: unknown } | { reason: string } | undefined {
  try {
    return resolve(name, fn);
  } catch (e) {
    return { reason: `${label} reads \`${name}\`, which could not be looked up: ${String(e)}` };
  }
}

/** A captured value as it ships: plain data as is, a function shipped in turn. */
function capture(
  name: string,
  value: unknown,
  label: string,
  trip: Trip,
): { value: unknown } | { reason: string } {
  if (typeof value === "function") {
    if (trip.stack.includes(value)) {
      return {
        reason:
          `${label} reads \`${name}\`, which leads back to a function already being shipped (functions that ` +
          `capture each other in a cycle do not ship): declare \`${name}\` as \`function ${name}(…) {…}\`, ` +
          "which calls itself by its own name, or leave it on the main thread",
      };
    }
    const inner = ship(value, trip);
    if ("reason" in inner)
      return { reason: `${label} reads \`${name}\`, a function that cannot ship: ${inner.reason}` };
    return { value: { [SHIPPED_FUNCTION]: inner.shipped } };
  }
  trip.bytes += estimateBytes(value, MAX_CAPTURED_BYTES - trip.bytes);
  if (trip.bytes > MAX_CAPTURED_BYTES) {
    return {
      reason:
        `${label} reads \`${name}\`, which brings the data its closure would carry to each worker with ` +
        `every job above ${MAX_CAPTURED_BYTES / 1024 / 1024} MB: make the data part of the stream ` +
        "(parallelize it and join) or capture less; it runs on the main thread",
    };
  }
  if (!isPlainData(value)) {
    const what = nonPlainPart(value) ?? "not plain data";
    return {
      reason:
        `${label} reads \`${name}\`, ${what}; only ${PLAIN_DATA} and functions that ship go to a worker: ` +
        "copy the numbers it needs into a const of plain data, or leave it on the main thread",
    };
  }
  return { value };
}
