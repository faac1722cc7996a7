import { describe, expect, it } from "vitest";
import { forEachRecord, nextChunk, recordEncoding } from "../../../engine/executor/recordChunks";

/** All chunks of `data`, each through a structured clone (as postMessage copies it), read back in order. */
function roundTrip(data: readonly unknown[]): { records: unknown[]; chunks: number } {
  const encoding = recordEncoding(data)!;
  const records: unknown[] = [];
  let chunks = 0;
  for (let from = 0; from < data.length; ) {
    const { chunk, transfer, next } = nextChunk(data, from, encoding);
    forEachRecord(structuredClone(chunk, { transfer }), (r) => records.push(r));
    chunks++;
    from = next;
  }
  return { records, chunks };
}

describe("recordChunks", () => {
  it("sends strings as one joined string and their lengths, whatever characters they hold", () => {
    const odd = ["", "a", "é", "😀", "\n", "\u0000", "\ud800", "a b c", "x".repeat(3000)];
    expect(recordEncoding(odd)).toBe("strings");
    expect(roundTrip(odd).records).toEqual(odd);
    const { chunk, transfer } = nextChunk(odd, 0, "strings");
    expect(chunk).toMatchObject({ kind: "strings", text: odd.join("") });
    expect(transfer).toHaveLength(1); // the lengths move, not copied
  });

  it("cuts big partitions into chunks of about a megabyte, in order", () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `${i} ${"y".repeat(i % 90)}`);
    const { records, chunks } = roundTrip(lines);
    expect(records).toEqual(lines);
    expect(chunks).toBeGreaterThan(1);
  });

  it("sends other plain data by structured clone, and refuses what a copy would change", () => {
    const values = [1, "a", null, [1, [2]], { a: new Map([[1, new Set([2])]]) }, new Uint8Array([1, 2])];
    expect(recordEncoding(values)).toBe("values");
    expect(roundTrip(values).records).toEqual(values);
    expect(roundTrip(Array.from({ length: 40_000 }, (_, i) => i)).chunks).toBeGreaterThan(1);
    class Point {}
    expect(recordEncoding([1, new Point()])).toBeUndefined();
    expect(recordEncoding([() => 1])).toBeUndefined();
  });
});
