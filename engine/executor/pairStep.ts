import { parseExpressionAt } from "acorn";
import type { MapTaskSpec } from "./MapTask";
import type { FunctionCache } from "./MapTaskRun";
import { reviveFunction } from "./reviveFunction";

type ShippedStep = MapTaskSpec["steps"][number];

/** The name the rewritten arrow function hands key and value to (never in the user's source). */
const SINK = "__dstreamLabWritePair";

const rewritten = new Map<string, string | undefined>();

/**
 * The last step before a combining shuffle, made to hand its key and value straight to
 * `writePair` instead of allocating the [key, value] array the shuffle would only take apart —
 * only where that is provably the same: keyBy (`[f(x), x]`), mapValues (`[kv[0], f(kv[1])]`), and
 * a map whose function is an arrow returning a two-element array literal, `(w) => [w, 1]`,
 * rewritten to `(w) => writePair(w, 1)` (the same expressions, evaluated in the same order).
 * Undefined for any other step.
 *
 * @example fusedPairStep({ kind: "map", fn: { source: "(w) => [w, 1]", captured: {} } }, write, cache)
 */
export function fusedPairStep(
  step: ShippedStep,
  writePair: (k: unknown, v: unknown) => void,
  cache: FunctionCache,
): ((x: any) => void) | undefined {
  if (!step.fn) return undefined;
  switch (step.kind) {
    case "keyBy": {
      const f = reviveFunction(step.fn, cache);
      return (x) => writePair(f(x), x);
    }
    case "mapValues": {
      const f = reviveFunction(step.fn, cache);
      return (kv) => writePair(kv[0], f(kv[1]));
    }
    case "map": {
      const source = pairWriterSource(step.fn.source);
      if (!source) return undefined;
      const factory = reviveFunction({ source, captured: step.fn.captured }, cache);
      return factory(writePair);
    }
    default:
      return undefined;
  }
}

/**
 * `(sink) => <the arrow function, its array literal turned into a call of sink>` for an arrow
 * function whose body is a two-element array literal; undefined for anything else.
 */
export function pairWriterSource(source: string): string | undefined {
  if (rewritten.has(source)) return rewritten.get(source);
  const result = rewrite(source);
  if (rewritten.size >= 1000) rewritten.clear();
  rewritten.set(source, result);
  return result;
}

function rewrite(source: string): string | undefined {
  if (source.includes(SINK)) return undefined;
  let fn: any;
  try {
    fn = parseExpressionAt(source, 0, { ecmaVersion: "latest" });
  } catch {
    return undefined;
  }
  if (fn.type !== "ArrowFunctionExpression" || fn.async || source.slice(fn.end).trim() !== "")
    return undefined;
  const body = fn.body;
  if (body.type !== "ArrayExpression" || body.elements.length !== 2) return undefined;
  const [k, v] = body.elements;
  if (!k || !v || k.type === "SpreadElement" || v.type === "SpreadElement") return undefined;
  const text = (node: any) => source.slice(node.start, node.end);
  return `(${SINK}) => ${source.slice(0, body.start)}${SINK}((${text(k)}), (${text(v)}))${source.slice(body.end)}`;
}
