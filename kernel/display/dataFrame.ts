import type * as danfo from "danfojs";
import { BatchContext, RDD } from "../../engine";
import { describeValue } from "../../engine/errors";
import { NotTabularError } from "./errors";
import { isDataFrame } from "./isDataFrame";

/** Options of rdd.toDataFrame(). */
export interface ToDataFrameOptions {
  /** Column names: for an RDD of arrays (default `_1`, `_2`, … as Spark names tuple fields), or to pick and order an RDD of objects' fields. */
  columns?: string[];
}

// Notebooks use these as RDD / BatchContext methods; the engine must not depend on danfojs, so the
// kernel adds them: these declarations merge into the engine's classes (module augmentation), and
// installDataFrameMethods() puts the implementations on their prototypes.
declare module "../../engine/rdd/RDD" {
  interface RDD<T> {
    /**
     * Collects the RDD into a danfojs DataFrame: objects become rows by field name (columns in order
     * of first appearance; a missing field is null), arrays/tuples become rows by position. Runs a
     * job (collect) and loads danfojs on first use. An RDD of anything else is a NotTabularError.
     *
     * @example
     * sc.parallelize([{ word: "a", n: 2 }, { word: "b", n: 1 }]).toDataFrame().print();
     * counts.toDataFrame({ columns: ["word", "count"] }); // an RDD<[string, number]>
     */
    toDataFrame(options?: ToDataFrameOptions): danfo.DataFrame;
  }
}

declare module "../../engine/context/BatchContext" {
  interface BatchContext {
    /**
     * An RDD of a danfojs DataFrame's rows, as objects keyed by column name, in `numSlices`
     * partitions (default: the context's parallelism). The DataFrame is read once, now.
     *
     * @example
     * const df = new dfd.DataFrame(readDataset("penguins.json"));
     * sc.fromDataFrame(df).filter((p) => p.Species === "Gentoo").count(); // 124
     */
    fromDataFrame<R extends object = Record<string, unknown>>(
      df: danfo.DataFrame,
      numSlices?: number,
    ): RDD<R>;
  }
}

/**
 * Puts `rdd.toDataFrame()` and `sc.fromDataFrame(df)` on the engine's classes. Runs when
 * kernel/display is imported (so every notebook has them); calling it again changes nothing.
 *
 * @example installDataFrameMethods(); sc.parallelize([{ a: 1 }]).toDataFrame().shape // [1, 1]
 */
export function installDataFrameMethods(): void {
  RDD.prototype.toDataFrame = function toDataFrame(this: RDD<unknown>, options: ToDataFrameOptions = {}) {
    return dataFrameOf(this.collect(), `${this.constructor.name}[${this.id}]`, options);
  };
  BatchContext.prototype.fromDataFrame = function fromDataFrame<R extends object>(
    this: BatchContext,
    df: danfo.DataFrame,
    numSlices?: number,
  ): RDD<R> {
    return this.parallelize(dataFrameRows(df) as R[], numSlices);
  };
}

/** The rows of a DataFrame as objects keyed by column name. */
function dataFrameRows(df: danfo.DataFrame): Record<string, unknown>[] {
  if (!isDataFrame(df)) {
    throw new NotTabularError(
      `sc.fromDataFrame needs a danfojs DataFrame; got ${describeValue(df)}. ` +
        "Fix: pass new dfd.DataFrame(rows), or use sc.parallelize(rows) for an array of objects.",
    );
  }
  const columns = df.columns;
  return (df.values as unknown[][]).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}

function dataFrameOf(records: unknown[], name: string, options: ToDataFrameOptions): danfo.DataFrame {
  // Loaded on first use: danfojs (with tfjs) takes about a second to load.
  const dfd: typeof danfo = require("danfojs");
  const kind = records.length === 0 ? "empty" : Array.isArray(records[0]) ? "array" : "object";
  records.forEach((r, i) => {
    const ok = kind === "array" ? Array.isArray(r) : r !== null && typeof r === "object" && !Array.isArray(r);
    if (!ok) {
      throw new NotTabularError(
        `${name}.toDataFrame() needs records that are all objects (rows by field name) or all arrays ` +
          `(rows by position); record ${i} is ${describeValue(r)}${i > 0 ? `, after ${kind}s` : ""}. ` +
          "Fix: map each record to an object first, e.g. rdd.map((x) => ({ value: x })).toDataFrame().",
      );
    }
  });
  if (kind === "array") {
    const width = Math.max(...records.map((r) => (r as unknown[]).length));
    const columns = options.columns ?? Array.from({ length: width }, (_, i) => `_${i + 1}`);
    if (columns.length !== width) {
      throw new NotTabularError(
        `${name}.toDataFrame(): the records have ${width} fields but ${columns.length} column names were given ` +
          `(${columns.join(", ")}). Fix: give one name per field.`,
      );
    }
    return new dfd.DataFrame(
      records.map((r) => columns.map((_, i) => (r as unknown[])[i] ?? null)),
      { columns },
    );
  }
  const columns = options.columns ?? [...new Set(records.flatMap((r) => Object.keys(r as object)))];
  const rows = records.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? null));
  return new dfd.DataFrame(rows, { columns });
}
