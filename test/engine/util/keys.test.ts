import { describe, expect, it } from "vitest";
import { NonComparableKeyError } from "../../../engine/errors";
import { hashKey, KeyMap, keyCode, tupleCode } from "../../../engine/util/keys";

describe("KeyMap", () => {
  it("stores primitive keys like a Map", () => {
    const m = new KeyMap<unknown, string>("test");
    m.set("a", "1").set(1, "2").set(true, "3").set(null, "4").set(undefined, "5").set(5n, "6");
    expect(m.size).toBe(6);
    expect([m.get("a"), m.get(1), m.get(true), m.get(null), m.get(undefined), m.get(5n)]).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
    ]);
    expect(m.get("1")).toBeUndefined(); // "1" is not 1
  });

  it("merges tuple keys with equal elements, keeping the first key object for output", () => {
    const m = new KeyMap<unknown[], number>("reduceByKey");
    const first = ["a", 1];
    m.set(first, 1);
    m.set(["a", 1], 2);
    expect(m.size).toBe(1);
    expect(m.get(["a", 1])).toBe(2);
    expect(m.has(["a", 1])).toBe(true);
    expect([...m.entries()]).toEqual([[["a", 1], 2]]);
  });

  it("tells apart tuples that differ in element type, nesting, order or length", () => {
    const m = new KeyMap<unknown[], string>("test");
    const keys: unknown[][] = [
      ["a", 1],
      ["a", "1"],
      [1, "a"],
      ["a", 1, undefined],
      [["a", 1]],
      ["a,1"],
      ['a",1'],
      [null],
      [undefined],
      [1n],
      [1],
      [true],
      ["true"],
      [],
    ];
    keys.forEach((k, i) => m.set(k, String(i)));
    expect(m.size).toBe(keys.length);
    keys.forEach((k, i) => expect(m.get([...k]), `key ${i}`).toBe(String(i)));
  });

  it("treats -0 and 0 as one key, in tuples too, as Map does", () => {
    const m = new KeyMap<unknown, number>("test");
    m.set(0, 1);
    m.set(-0, 2);
    m.set([0], 3);
    m.set([-0], 4);
    expect(m.size).toBe(2);
    expect(m.get([0])).toBe(4);
  });

  it("a tuple and a primitive never collide", () => {
    const m = new KeyMap<unknown, number>("test");
    m.set("[1]", 1);
    m.set([1], 2);
    expect(m.size).toBe(2);
    expect(m.get("[1]")).toBe(1);
  });

  it("delete removes primitive and tuple keys", () => {
    const m = new KeyMap<unknown, number>("test");
    m.set("a", 1).set(["b", 2], 2);
    expect(m.delete(["b", 2])).toBe(true);
    expect(m.delete(["b", 2])).toBe(false);
    expect(m.delete("a")).toBe(true);
    expect(m.size).toBe(0);
  });

  it("forEach and entries visit every entry once", () => {
    const m = new KeyMap<unknown, number>("test");
    m.set("a", 1).set(["b"], 2).set(3, 3);
    const seen: [unknown, number][] = [];
    m.forEach((v, k) => seen.push([k, v]));
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map(([, v]) => v))).toEqual(new Set([1, 2, 3]));
    expect([...m.entries()]).toHaveLength(3);
  });

  it("clone is independent of the original", () => {
    const m = new KeyMap<unknown, number>("test");
    m.set("a", 1).set(["t"], 2);
    const c = m.clone();
    c.set("a", 10).set(["u"], 3);
    m.delete(["t"]);
    expect(m.get("a")).toBe(1);
    expect(c.get(["t"])).toBe(2);
    expect(c.size).toBe(3);
    expect(m.size).toBe(1);
  });

  it("rejects object, function and symbol keys in every method, naming the operator", () => {
    const m = new KeyMap<unknown, number>("groupByKey");
    const bad: unknown[] = [{ a: 1 }, new Date(0), new Map(), () => 1, Symbol("s"), ["ok", { no: 1 }]];
    for (const k of bad) {
      for (const call of [() => m.set(k, 1), () => m.get(k), () => m.has(k), () => m.delete(k)]) {
        let caught: unknown;
        try {
          call();
        } catch (e) {
          caught = e;
        }
        expect(caught, String(typeof k)).toBeInstanceOf(NonComparableKeyError);
        expect((caught as NonComparableKeyError).operator).toBe("groupByKey");
        expect((caught as Error).message).toMatch(/^groupByKey: the key .* cannot be compared by value/);
      }
    }
    expect(m.size).toBe(0);
  });
});

describe("NonComparableKeyError", () => {
  it("describes the key and says how to fix it", () => {
    const e = new NonComparableKeyError("join", { user: "ada" });
    expect(e.name).toBe("NonComparableKeyError");
    expect(e.message).toContain('the key {"user":"ada"} (an object)');
    expect(e.message).toContain("Fix: turn the key into a string or a tuple first");
    expect(new NonComparableKeyError("x", new Date(0)).message).toContain("(a Date)");
    expect(new NonComparableKeyError("x", function named() {}).message).toContain("function named");
    const long = new NonComparableKeyError("x", { s: "y".repeat(200) }).message;
    expect(long).toContain("...");
    expect(long.length).toBeLessThan(400);
  });
});

describe("keyCode, tupleCode and hashKey", () => {
  it("keyCode returns primitives unchanged and codes tuples", () => {
    expect(keyCode("a", "op")).toBe("a");
    expect(keyCode(3, "op")).toBe(3);
    expect(keyCode(["a", 1], "op")).toBe(tupleCode(["a", 1], "op"));
    expect(() => keyCode({}, "op")).toThrow(/^op:/);
  });

  it("hashKey is the same for equal keys and stable across calls", () => {
    expect(hashKey(["a", 1], "op")).toBe(hashKey(["a", 1], "op"));
    expect(hashKey("word", "op")).toBe(hashKey("word", "op"));
    expect(hashKey(-0, "op")).toBe(hashKey(0, "op"));
    expect(hashKey(42, "op")).toBe(42);
    expect(hashKey("a", "op")).not.toBe(hashKey("b", "op"));
    expect(() => hashKey({}, "op")).toThrow(NonComparableKeyError);
    expect(() => hashKey(Symbol("s"), "op")).toThrow(NonComparableKeyError);
  });
});
