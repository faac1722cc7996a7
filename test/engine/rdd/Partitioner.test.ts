import { describe, expect, it } from "vitest";
import { IllegalArgumentError, NonComparableKeyError } from "../../../engine/errors";
import { HashPartitioner, RangePartitioner, requirePartitionCount } from "../../../engine/rdd/internal";
import { compareValues } from "../../../engine/util/compare";

describe("HashPartitioner", () => {
  it("always returns a partition in [0, n), also for keys with negative hashes", () => {
    const part = new HashPartitioner(7);
    const keys: unknown[] = [0, -1, -123456, 2 ** 40, 1.5, Number.NaN, "", "zzz", "négatif", true, null];
    keys.push(undefined, 10n, ["a", -5], [[1, 2], "x"]);
    for (const k of keys) {
      const p = part.getPartition(k);
      expect(Number.isInteger(p) && p >= 0 && p < 7, String(k)).toBe(true);
    }
  });

  it("sends equal keys to the same partition: tuples by value, -0 with 0", () => {
    const part = new HashPartitioner(16);
    expect(part.getPartition(["a", 1])).toBe(part.getPartition(["a", 1]));
    expect(part.getPartition([["n"], 2])).toBe(part.getPartition([["n"], 2]));
    expect(part.getPartition(-0)).toBe(part.getPartition(0));
    expect(part.getPartition([-0])).toBe(part.getPartition([0]));
  });

  it("spreads many keys over all partitions", () => {
    const part = new HashPartitioner(4);
    const used = new Set(Array.from({ length: 100 }, (_, i) => part.getPartition(`key${i}`)));
    expect(used.size).toBe(4);
  });

  it("is equal to another with the same partition count only", () => {
    expect(new HashPartitioner(3).equals(new HashPartitioner(3, "join"))).toBe(true);
    expect(new HashPartitioner(3).equals(new HashPartitioner(4))).toBe(false);
    expect(new HashPartitioner(3).equals(undefined)).toBe(false);
    expect(new HashPartitioner(2).equals(new RangePartitioner([5], compareValues, true))).toBe(false);
  });

  it("rejects an object key naming its operator, which forOperator changes", () => {
    const part = new HashPartitioner(2);
    expect(() => part.getPartition({})).toThrow(NonComparableKeyError);
    expect(() => part.getPartition({})).toThrow(/^partitionBy:/);
    const forJoin = part.forOperator("join");
    expect(forJoin.equals(part)).toBe(true);
    expect(() => forJoin.getPartition(() => 1)).toThrow(/^join:/);
    expect(part.forOperator("partitionBy")).toBe(part);
  });

  it("rejects a partition count below 1", () => {
    expect(() => new HashPartitioner(0)).toThrow(IllegalArgumentError);
  });
});

describe("RangePartitioner", () => {
  it("ascending: partition i holds keys above bounds[i-1] and at most bounds[i]", () => {
    const part = new RangePartitioner([10, 20], compareValues, true);
    expect(part.numPartitions).toBe(3);
    expect([5, 10, 11, 20, 21, 1000].map((k) => part.getPartition(k))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it("descending: the largest keys go to partition 0", () => {
    const part = new RangePartitioner([10, 20], compareValues, false);
    expect([5, 10, 11, 20, 21].map((k) => part.getPartition(k))).toEqual([2, 2, 1, 1, 0]);
  });

  it("with no bounds has a single partition", () => {
    const part = new RangePartitioner<number>([], compareValues, true);
    expect(part.numPartitions).toBe(1);
    expect(part.getPartition(42)).toBe(0);
  });

  it("is equal only to itself", () => {
    const part = new RangePartitioner([1], compareValues, true);
    expect(part.equals(part)).toBe(true);
    expect(part.equals(new RangePartitioner([1], compareValues, true))).toBe(false);
  });
});

describe("requirePartitionCount", () => {
  it("accepts whole numbers from 1 and names the operation otherwise", () => {
    expect(() => requirePartitionCount(1, "x")).not.toThrow();
    expect(() => requirePartitionCount(1000, "x")).not.toThrow();
    for (const bad of [0, -3, 2.5, Number.NaN]) {
      expect(() => requirePartitionCount(bad, "myOp")).toThrow(new RegExp(`^myOp: .*got ${bad}\\. Fix:`));
    }
  });
});
