import { beforeAll, describe, expect, it } from "vitest";
import { UnknownCommError } from "../../../kernel/comm";
import { cellOutputStorage, routeStdioToCells } from "../../../kernel/output";
import { button, slider } from "../../../kernel/widgets";
import { widgetWorld } from "./setup";

// Callbacks run in the cell that made the control, and everything that goes wrong there or in a
// message from the front end shows in that cell; the kernel side goes on.

beforeAll(() => routeStdioToCells());

/** Lets a rejected promise's handlers run. */
const settle = () => new Promise((r) => setImmediate(r));

describe("callbacks", () => {
  it("run in the making cell's context: console.log lands there, even while another cell runs", () => {
    const { frontEnd, widgets, output, cell } = widgetWorld();
    const s = cellOutputStorage.run(output, () =>
      slider({ min: 0, max: 10, widgets, onChange: (v) => console.log(`threshold now ${v}`) }),
    );
    const other = cell();
    cellOutputStorage.run(other, () => frontEnd.update(s.modelId, { value: 4 }));
    frontEnd.update(s.modelId, { value: 5 }); // outside any cell
    expect(output.stdout).toBe("threshold now 4\nthreshold now 5\n");
    expect(other.stdout).toBe("");
  });

  it("a callback that throws shows a ControlCallbackError once in the making cell, with the cell's frames; the value still changes", async () => {
    const { frontEnd, widgets, output } = widgetWorld();
    const s = cellOutputStorage.run(output, () =>
      slider({
        min: 0,
        max: 100,
        description: "rate",
        widgets,
        onChange: (v) => {
          throw new RangeError(`rate ${v} is too high`);
        },
      }),
    );
    for (let v = 1; v <= 10; v++) frontEnd.update(s.modelId, { value: 50 });
    frontEnd.update(s.modelId, { value: 60 });
    expect(s.value).toBe(60);
    expect(output.errors.map((e) => e.ename)).toEqual(["ControlCallbackError", "ControlCallbackError"]);
    expect(output.errors[0]!.evalue).toMatch(
      /^IntSlider "rate": onChange threw RangeError: rate 50 is too high\. The control and the streams keep running.*Fix: /,
    );
    expect(output.errors[0]!.traceback[1]).toBe("RangeError: rate 50 is too high");
    // A callback rejecting later is reported the same way.
    const b = cellOutputStorage.run(output, () =>
      button({
        description: "Go",
        widgets,
        onClick: async () => {
          await settle();
          throw new Error("async boom");
        },
      }),
    );
    frontEnd.click(b.modelId);
    await settle();
    await settle();
    expect(output.errors.at(-1)!.evalue).toMatch(/^Button "Go": onClick threw Error: async boom/);
  });

  it("an error repeated by every move is shown once, then counted on stderr", () => {
    const { frontEnd, output, options } = widgetWorld();
    const s = slider({
      min: 0,
      max: 1000,
      ...options,
      onChange: () => {
        throw new Error("always");
      },
    });
    for (let v = 1; v <= 100; v++) frontEnd.update(s.modelId, { value: v });
    expect(output.errors).toHaveLength(1);
    expect(output.stderr).toMatch(/the same error happened 10 times so far[\s\S]*100 times so far/);
  });
});

describe("messages the kernel cannot apply", () => {
  it("a string for an IntSlider's value: WidgetMessageError in the making cell, the kernel's value sent back", () => {
    const { frontEnd, output, options } = widgetWorld();
    const seen: number[] = [];
    const s = slider({
      min: 0,
      max: 10,
      value: 3,
      description: "window",
      onChange: (v) => seen.push(v),
      ...options,
    });
    const msgId = frontEnd.update(s.modelId, { value: "7" });
    expect(s.value).toBe(3);
    expect(seen).toEqual([]);
    expect(frontEnd.answersTo(msgId).map((m) => m.content.data)).toEqual([
      { method: "update", state: { value: 3 }, buffer_paths: [] },
    ]);
    expect(frontEnd.model(s.modelId).state.value).toBe(3);
    expect(output.errors).toHaveLength(1);
    expect(output.errors[0]).toMatchObject({ ename: "WidgetMessageError" });
    expect(output.errors[0]!.evalue).toMatch(
      /^IntSlider "window" \(model \w+\) got an update it cannot apply: value must be an integer; got "7"\. The kernel kept value = 3 and sent it back to the front end\. The control keeps working\. Fix: /,
    );
  });

  it("applies the valid part of an update and refuses the rest, by name", () => {
    const { frontEnd, output, options } = widgetWorld();
    const s = slider({ min: 0, max: 10, value: 3, ...options });
    frontEnd.update(s.modelId, { description: "ok", disabled: "no", bogus: 1, _model_name: "ButtonModel" });
    expect(s.description).toBe("ok");
    expect(s.disabled).toBe(false);
    expect(output.errors[0]!.evalue).toMatch(
      /disabled must be a boolean; got "no"; IntSlider has no attribute "bogus"; _model_name is fixed at creation/,
    );
  });

  it("out of range, no method, an unknown method, a non-object state, a custom message nobody takes", () => {
    const { frontEnd, output, options } = widgetWorld();
    const s = slider({ min: 0, max: 10, value: 3, ...options });
    frontEnd.update(s.modelId, { value: 11 });
    frontEnd.send(s.modelId, { state: { value: 4 } });
    frontEnd.send(s.modelId, { method: "frobnicate" });
    frontEnd.send(s.modelId, { method: "update", state: [1, 2] });
    frontEnd.send(s.modelId, { method: "custom", content: { event: "click" } });
    const b = button(options);
    frontEnd.send(b.modelId, { method: "custom", content: { event: "hover" } });
    expect(s.value).toBe(3);
    expect(output.errors.map((e) => e.evalue.replace(/^.*? got /, "").split(". ")[0])).toEqual([
      "an update it cannot apply: value must lie in [min, max] = [0, 10]; got 11",
      'no method (data: {"state":{"value":4}})',
      'the unknown method "frobnicate"',
      "an update whose state is [1,2], not an object",
      'a custom message {"event":"click"}, which IntSlider does not take',
      'the custom message {"event":"hover"}; a button understands only { event: "click" }',
    ]);
    expect(output.errors.every((e) => e.ename === "WidgetMessageError" && / Fix: /.test(e.evalue))).toBe(
      true,
    );
    expect(b.clicks).toBe(0);
    // Still working after all that.
    frontEnd.update(s.modelId, { value: 4 });
    expect(s.value).toBe(4);
  });

  it("a message for a model that is not open (closed, or from before a restart) is UnknownCommError, for the kernel to log", () => {
    const { frontEnd, options } = widgetWorld();
    const s = slider(options);
    s.close();
    expect(() => frontEnd.update(s.modelId, { value: 1 })).toThrow(UnknownCommError);
    expect(() => frontEnd.update("no-such-model", { value: 1 })).toThrow(
      /comm_msg for comm "no-such-model", which is not open/,
    );
  });

  it("a reference to a model that does not exist is refused", () => {
    const { frontEnd, output, options } = widgetWorld();
    const s = slider(options);
    frontEnd.update(s.modelId, { layout: "IPY_MODEL_nobody" });
    expect(output.errors[0]!.evalue).toMatch(
      /layout must be a reference "IPY_MODEL_<id>" to an open widget model; got "IPY_MODEL_nobody"/,
    );
  });
});
