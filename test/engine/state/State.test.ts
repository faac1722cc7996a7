import { describe, expect, it } from "vitest";
import {
  BatchContext,
  HashPartitioner,
  IllegalArgumentError,
  InvalidDurationError,
  Seconds,
  State,
  StateAccessError,
  StateSpec,
} from "../../../engine";

/**
 * Spark's MapWithStateSuite "state - get, exists, update, remove": checks everything a State
 * says about itself against what it should hold.
 */
function expectState(
  state: State<number>,
  expected: number | undefined,
  flags: { updated?: boolean; removed?: boolean; timingOut?: boolean } = {},
): void {
  if (expected !== undefined) {
    expect(state.exists()).toBe(true);
    expect(state.get()).toBe(expected);
    expect(state.getOption()).toBe(expected);
    expect(state.getOption() ?? -1).toBe(expected);
  } else {
    expect(state.exists()).toBe(false);
    expect(() => state.get()).toThrow(StateAccessError);
    expect(state.getOption()).toBeUndefined();
    expect(state.getOption() ?? -1).toBe(-1);
  }
  expect(state.isTimingOut()).toBe(flags.timingOut ?? false);
  if (flags.timingOut) {
    expect(() => state.remove()).toThrow(StateAccessError);
    expect(() => state.update(-1)).toThrow(StateAccessError);
  }
  expect(state.isUpdated()).toBe(flags.updated ?? false);
  expect(state.isRemoved()).toBe(flags.removed ?? false);
  if (flags.removed) {
    expect(() => state.remove()).toThrow(StateAccessError);
    expect(() => state.update(-1)).toThrow(StateAccessError);
  }
}

describe("State (MapWithStateSuite: get, exists, update, remove)", () => {
  it("follows Spark's sequence of wraps, updates and removes", () => {
    let state = new State<number>();
    expectState(state, undefined);

    state.wrap(undefined, false);
    expectState(state, undefined);

    state.wrap(1, true);
    expectState(state, 1);

    state.update(2);
    expectState(state, 2, { updated: true });

    state = new State<number>();
    state.update(2);
    expectState(state, 2, { updated: true });

    state.remove();
    expectState(state, undefined, { removed: true });

    state.wrap(3, true, true);
    expectState(state, 3, { timingOut: true });
  });

  it("wrap() resets the flags of the previous record", () => {
    const state = new State<number>();
    state.wrap(1, true);
    state.remove();
    state.wrap(5, true);
    expectState(state, 5);
    state.wrap(5, true, true);
    state.wrap(6, true);
    expectState(state, 6);
  });

  it("falsy states exist: 0, empty string, false and null are states like any other", () => {
    const state = new State<unknown>();
    for (const v of [0, "", false, null]) {
      state.wrap(v, true);
      expect(state.exists()).toBe(true);
      expect(state.get()).toBe(v);
      expect(state.getOption()).toBe(v);
    }
  });
});

describe("State: misuse is a StateAccessError that names the fix", () => {
  it("get() on a missing state", () => {
    const state = new State<number>();
    expect(() => state.get()).toThrow(
      /no state\. Fix: check state\.exists\(\) first, or use state\.getOption\(\)/,
    );
  });

  it("update() while timing out", () => {
    const state = new State<number>();
    state.wrap(1, true, true);
    expect(() => state.update(2)).toThrow(/timing out.*Fix: check state\.isTimingOut\(\)/);
    expect(state.get()).toBe(1);
  });

  it("remove() while timing out", () => {
    const state = new State<number>();
    state.wrap(1, true, true);
    expect(() => state.remove()).toThrow(/timing out; it is removed after this call anyway\. Fix/);
  });

  it("remove() twice", () => {
    const state = new State<number>();
    state.wrap(1, true);
    state.remove();
    expect(() => state.remove()).toThrow(StateAccessError);
    expect(() => state.remove()).toThrow(/already been removed.*Fix: call remove\(\) once/);
  });

  it("update() after remove()", () => {
    const state = new State<number>();
    state.wrap(1, true);
    state.remove();
    expect(() => state.update(2)).toThrow(/has been removed.*Fix/);
  });

  it("update(undefined): undefined means no state; remove() is the way to drop it", () => {
    const state = new State<number | undefined>();
    state.wrap(1, true);
    expect(() => state.update(undefined)).toThrow(StateAccessError);
    expect(() => state.update(undefined)).toThrow(/cannot be undefined\. Fix: call state\.remove\(\)/);
    expect(state.get()).toBe(1);
    expect(state.isUpdated()).toBe(false);
  });

  it("remove() on a key without state is allowed (as in Spark)", () => {
    const state = new State<number>();
    state.wrap(undefined, false);
    expect(() => state.remove()).not.toThrow();
    expect(state.isRemoved()).toBe(true);
  });

  it("StateAccessError is what a batch reports, by name", () => {
    const state = new State<number>();
    try {
      state.get();
    } catch (e) {
      expect((e as Error).name).toBe("StateAccessError");
    }
  });
});

describe("StateSpec", () => {
  const f = (_k: string, v: number | undefined, s: State<number>) => {
    s.update(v ?? 0);
    return v;
  };

  it("holds the function, initial state, partitions and timeout it was given", () => {
    const sc = new BatchContext({ appName: "test", parallelism: 2 });
    const initial = sc.parallelize<[string, number]>([["a", 1]]);
    const spec = StateSpec.function(f).initialState(initial).numPartitions(3).timeout(Seconds(30));
    expect(spec.mappingFunction).toBe(f);
    expect(spec.initialStateRDD).toBe(initial);
    expect(spec.partitionCount).toBe(3);
    expect(spec.timeoutDuration!.milliseconds).toBe(30_000);
    const p = new HashPartitioner(4);
    expect(StateSpec.function(f).partitioner(p).statePartitioner).toBe(p);
  });

  it("rejects a timeout that is a bare number or zero", () => {
    expect(() => StateSpec.function(f).timeout(30 as any)).toThrow(InvalidDurationError);
    expect(() => StateSpec.function(f).timeout(30 as any)).toThrow(/the number 30.*Fix: wrap it/);
    expect(() => StateSpec.function(f).timeout(Seconds(0))).toThrow(/must be positive.*Fix/);
  });

  it("rejects a partition count below 1 or fractional", () => {
    expect(() => StateSpec.function(f).numPartitions(0)).toThrow(IllegalArgumentError);
    expect(() => StateSpec.function(f).numPartitions(1.5)).toThrow(/StateSpec\.numPartitions.*Fix/);
  });

  it("rejects something that is not a function", () => {
    expect(() => StateSpec.function(42 as any)).toThrow(IllegalArgumentError);
    expect(() => StateSpec.function(42 as any)).toThrow(/needs the mapping function, got 42\. Fix/);
  });
});
