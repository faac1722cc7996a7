import { describe, expect, it } from "vitest";
import { BatchContext, readDataset } from "../../../engine";
import { mimeBundleSymbol, toMimeBundle } from "../../../kernel/display";

const dfd: typeof import("danfojs") = require("danfojs");
const sc = new BatchContext({ parallelism: 4 });

/** The cell texts of an HTML table's body rows. */
function bodyRows(html: string): string[][] {
  const body = html.split("<tbody>")[1]!.split("</tbody>")[0]!;
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]!),
  );
}

describe("toMimeBundle", () => {
  it("shows an RDD of objects as an HTML table of its first 20 rows, with the total when it is known for free", () => {
    const cars = readDataset("cars.json");
    const bundle = toMimeBundle(sc.parallelize(cars, 4));
    const html = bundle["text/html"] as string;
    expect(html).toContain("<th>Name</th>");
    expect(html).toContain("<th>Miles_per_Gallon</th>");
    const rows = bodyRows(html);
    expect(rows).toHaveLength(20);
    expect(rows[0]![0]).toBe(cars[0]!.Name);
    expect(html).toContain(`showing 20 of ${cars.length} rows`);
    expect(bundle["text/plain"]).toContain("ParallelCollectionRDD");
    expect(bundle["text/plain"]).toContain(String(cars[0]!.Name));
  });

  it("computes only the partitions the sample needs and does not count an RDD that would need a job", () => {
    let computed = 0;
    const rdd = sc
      .parallelize(
        Array.from({ length: 1000 }, (_, i) => i),
        10,
      )
      .map((i) => {
        computed++;
        return { i, square: i * i };
      });
    const bundle = toMimeBundle(rdd);
    // 20 rows (+1 to know there are more) come from the first partition of 100 records.
    expect(computed).toBe(100);
    expect(bundle["text/html"]).toContain("first 20 rows (more not counted: call .count() for the total)");
    expect(bodyRows(bundle["text/html"] as string)[19]).toEqual(["19", "361"]);
  });

  it("shows pairs by position (_1, _2) and a small RDD with its exact size", () => {
    const bundle = toMimeBundle(
      sc.parallelize([
        ["a", 1],
        ["b", 2],
      ] as [string, number][]),
    );
    expect(bundle["text/html"]).toContain("<th>_1</th><th>_2</th>");
    expect(bodyRows(bundle["text/html"] as string)).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
    expect(bundle["text/plain"]).toMatch(/2 rows$/);
    expect(toMimeBundle(sc.emptyRDD())["text/plain"]).toMatch(/0 rows$/);
  });

  it("escapes HTML in the data", () => {
    const html = toMimeBundle([{ name: "<script>alert(1)</script>" }])["text/html"] as string;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("shows a danfojs DataFrame as a table of its head, with its shape", () => {
    const df = new dfd.DataFrame(readDataset("penguins.json"));
    const bundle = toMimeBundle(df, { maxRows: 5 });
    const html = bundle["text/html"] as string;
    expect(html).toContain("<th>Species</th>");
    expect(bodyRows(html)).toHaveLength(5);
    expect(bodyRows(html)[0]!.slice(0, 3)).toEqual(["0", "Adelie", "Torgersen"]);
    expect(html).toContain("showing 5 of 344 rows × 7 columns");
    expect(bundle["text/plain"]).toContain("Beak Length (mm)");
  });

  it("shows an array of objects as a table, and other values as util.inspect text", () => {
    const bundle = toMimeBundle([{ a: 1 }, { a: 2, b: true }]);
    expect(bodyRows(bundle["text/html"] as string)).toEqual([
      ["1", "undefined"],
      ["2", "true"],
    ]);
    expect(bundle["text/plain"]).toBe("[ { a: 1 }, { a: 2, b: true } ]");
    expect(toMimeBundle([1, 2])).toEqual({ "text/plain": "[ 1, 2 ]" });
    expect(toMimeBundle(new Map([["k", 1]]))).toEqual({ "text/plain": "Map(1) { 'k' => 1 }" });
    expect(toMimeBundle("text")).toEqual({ "text/plain": "text" });
  });

  it("uses an object's own bundle (mimeBundleSymbol), adding text/plain when it has none", () => {
    const value = { [mimeBundleSymbol]: () => ({ "text/html": "<b>mine</b>" }) };
    const bundle = toMimeBundle(value);
    expect(bundle["text/html"]).toBe("<b>mine</b>");
    expect(typeof bundle["text/plain"]).toBe("string");
  });
});
