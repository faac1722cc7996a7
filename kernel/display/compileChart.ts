import * as vega from "vega";
import * as vl from "vega-lite";
import { InvalidChartError } from "./errors";
import type { VegaLiteSpec } from "./VegaLiteSpec";

/** A vega-lite spec compiled to vega, with what the compiler warned about. */
export interface CompiledChart {
  vegaSpec: vega.Spec;
  /** The parsed dataflow, ready for `new vega.View(runtime)`. */
  runtime: vega.Runtime;
  warnings: string[];
}

/**
 * Compiles a vega-lite spec to vega and parses it, so a spec that cannot draw fails here, with a
 * named error, rather than later in a render nobody awaits. Warnings (a field type vega-lite had to
 * guess, a channel it dropped) are returned, not printed: the caller shows them in the right cell.
 *
 * @example
 * compileChart({ mark: "line", encoding: { x: { field: "t", type: "quantitative" } } }).warnings // []
 */
export function compileChart(spec: VegaLiteSpec, what = "The chart"): CompiledChart {
  checkFieldTypes(spec, what);
  const warnings: string[] = [];
  let vegaSpec: vega.Spec;
  let runtime: vega.Runtime;
  try {
    vegaSpec = vl.compile(spec as unknown as vl.TopLevelSpec, { logger: collectingLogger(warnings) }).spec;
    runtime = vega.parse(vegaSpec);
  } catch (e) {
    throw new InvalidChartError(
      `${what}'s vega-lite spec does not compile: ${e instanceof Error ? e.message : String(e)}. ` +
        "Fix: check the mark (line, bar, point, area, …), the encoding's field names and types " +
        "(quantitative, temporal, nominal, ordinal), and any `spec` you merged in; " +
        `the spec was ${abbreviate(spec)}.`,
    );
  }
  return { vegaSpec, runtime, warnings };
}

const FIELD_TYPES = ["quantitative", "temporal", "nominal", "ordinal", "geojson"];

/**
 * vega-lite does not validate its input (it validates against a JSON schema only in editors), and
 * a misspelt field type compiles to a chart that silently draws nothing: catch that one here,
 * in every encoding of the spec and of its layers and concatenations.
 */
function checkFieldTypes(spec: unknown, what: string): void {
  if (spec === null || typeof spec !== "object") return;
  if (Array.isArray(spec)) {
    for (const s of spec) checkFieldTypes(s, what);
    return;
  }
  const s = spec as Record<string, unknown>;
  const encoding = s.encoding;
  if (encoding !== null && typeof encoding === "object") {
    for (const [channel, def] of Object.entries(encoding)) {
      const type = (def as { type?: unknown } | null)?.type;
      if (type !== undefined && !FIELD_TYPES.includes(type as string)) {
        throw new InvalidChartError(
          `${what}'s encoding.${channel}.type is ${JSON.stringify(type)}, which vega-lite does not know. ` +
            `Fix: use one of ${FIELD_TYPES.join(", ")}.`,
        );
      }
    }
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) checkFieldTypes(s[key], what);
}

/** vega-lite's logger interface, keeping warnings in `into` instead of printing them. */
function collectingLogger(into: string[]) {
  let level = vega.Warn;
  const logger = {
    level(l?: number): any {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]): any {
      into.push(args.map(String).join(" "));
      return logger;
    },
    warn(...args: readonly unknown[]): any {
      into.push(args.map(String).join(" "));
      return logger;
    },
    info: (): any => logger,
    debug: (): any => logger,
  };
  return logger;
}

/** The spec without its data (which can be long), for error messages. */
function abbreviate(spec: VegaLiteSpec): string {
  const text = JSON.stringify({ ...spec, data: spec.data ? "…" : undefined });
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
