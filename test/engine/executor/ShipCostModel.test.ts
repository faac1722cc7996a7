import { describe, expect, it } from "vitest";
import { ShipCostModel } from "../../../engine/executor/ShipCostModel";

describe("ShipCostModel", () => {
  it("ships a kind of task until timed; keeps it here when computing costs less than copying", () => {
    const model = new ShipCostModel();
    expect(model.keepHere("grep", 500_000)).toBe(false);
    model.shipped("grep", 500_000, 60, 30); // copying cost twice the computing
    expect(model.keepHere("grep", 500_000)).toBe(true);
    model.shipped("grep", 500_000, 60, 100); // computing costs less than twice the copying: still here
    expect(model.keepHere("grep", 500_000)).toBe(true);
    expect(model.keepHere("wordcount", 500_000)).toBe(false); // another kind: not timed yet
    model.shipped("wordcount", 500_000, 60, 800);
    expect(model.keepHere("wordcount", 500_000)).toBe(false);
  });

  it("ships a kind kept here again once computing it here becomes costlier than the copy was", () => {
    const model = new ShipCostModel();
    model.shipped("parse", 100_000, 10, 5);
    expect(model.keepHere("parse", 100_000)).toBe(true);
    model.computedHere("parse", 100_000, 15);
    expect(model.keepHere("parse", 100_000)).toBe(true);
    model.computedHere("parse", 100_000, 40);
    expect(model.keepHere("parse", 100_000)).toBe(false);
  });

  it("always ships small tasks, and does not learn from them (too short to time)", () => {
    const model = new ShipCostModel();
    model.shipped("tiny", 100, 10, 0.001);
    expect(model.keepHere("tiny", 100)).toBe(false);
    expect(model.keepHere("tiny", 50_000)).toBe(false);
  });
});
