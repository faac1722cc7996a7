import { describe, expect, it } from "vitest";
import { IllegalArgumentError, NonComparableKeyError } from "../../../engine";
import { describeThrown, reviveThrown } from "../../../engine/executor/workerErrors";

/** What crosses the thread boundary: a structured clone of the description. */
const roundTrip = (e: unknown) => reviveThrown(structuredClone(describeThrown(e)));

describe("describeThrown / reviveThrown", () => {
  it("brings engine errors back as their own class, with message and fields", () => {
    const e = roundTrip(new NonComparableKeyError("reduceByKey", { id: 1 }));
    expect(e).toBeInstanceOf(NonComparableKeyError);
    expect(e).toMatchObject({ name: "NonComparableKeyError", operator: "reduceByKey", key: { id: 1 } });
    expect((e as Error).message).toBe(new NonComparableKeyError("reduceByKey", { id: 1 }).message);
    expect(roundTrip(new IllegalArgumentError("bad"))).toBeInstanceOf(IllegalArgumentError);
  });

  it("brings standard errors back as their class and others as an Error with the same name", () => {
    const t = roundTrip(new TypeError("x is not a function"));
    expect(t).toBeInstanceOf(TypeError);
    expect((t as Error).message).toBe("x is not a function");
    class ParseFailure extends Error {
      override name = "ParseFailure";
    }
    const p = roundTrip(new ParseFailure("line 3"));
    expect(p).toBeInstanceOf(Error);
    expect(p).toMatchObject({ name: "ParseFailure", message: "line 3" });
  });

  it("keeps thrown non-errors as they were, or as text when they cannot be copied", () => {
    expect(roundTrip("boom")).toBe("boom");
    expect(roundTrip({ code: 7 })).toEqual({ code: 7 });
    expect(typeof roundTrip(() => 1)).toBe("string");
  });
});
