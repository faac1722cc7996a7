import { afterEach, describe, expect, it } from "vitest";
import { ManualClock, Seconds, StreamingContext } from "../../../engine";
import { type CellOutput, cellOutputStorage } from "../../../kernel/output";
import * as session from "../../../kernel/session";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

describe("the notebook session", () => {
  it("exports sc, streamingContext, clearOutput and the user API of engine, display and ml by name, not their machinery", () => {
    expect(session.sc.constructor.name).toBe("BatchContext");
    for (const name of [
      "StreamingContext",
      "Seconds",
      "ManualClock",
      "display",
      "plot",
      "monitor",
      "StreamingKMeans",
      "LabeledPoint",
      "offsetRanges",
    ]) {
      expect(session, name).toHaveProperty(name);
    }
    for (const internal of [
      "shipFunction",
      "setClosureResolver",
      "CheckpointWriter",
      "toMimeBundle",
      "tf",
      "KeyMap",
    ]) {
      expect(session, internal).not.toHaveProperty(internal);
    }
    expect(typeof session.streamingContext).toBe("function");
    expect(typeof session.clearOutput).toBe("function");
  });

  it("streamingContext() stops the active context, so re-running a cell does not fail on 'one active context'", () => {
    const first = session.streamingContext(Seconds(1), { clock: new ManualClock() });
    first.queueStream([[1]]).print();
    first.start();
    const second = session.streamingContext(Seconds(1), { clock: new ManualClock() });
    second.queueStream([[2]]).print();
    second.start();
    expect(first.getState()).toBe("STOPPED");
    expect(second.getState()).toBe("ACTIVE");
    expect(second.sparkContext).toBe(session.sc);
  });

  it("clearOutput() clears the running cell's output, and does nothing outside a cell", () => {
    const cleared: boolean[] = [];
    const output: CellOutput = {
      stream() {},
      display() {},
      updateDisplay() {},
      error() {},
      clearOutput: (wait) => cleared.push(Boolean(wait)),
    };
    session.clearOutput();
    cellOutputStorage.run(output, () => session.clearOutput(true));
    expect(cleared).toEqual([true]);
  });
});
