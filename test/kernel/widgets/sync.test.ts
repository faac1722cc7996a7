import { describe, expect, it } from "vitest";
import { button, dropdown, html, label, slider, toggle } from "../../../kernel/widgets";
import { widgetWorld } from "./setup";

// State sync both ways, as widget protocol 2.1 (ipywidgets packages/schema/messages.md) says.

describe("front end → kernel", () => {
  it("an update sets the value, calls onChange with new and old, and is echoed with the update's msg id as parent", () => {
    const { frontEnd, options } = widgetWorld();
    const seen: [number, number][] = [];
    const s = slider({ min: 1, max: 10, value: 3, onChange: (v, old) => seen.push([v, old]), ...options });
    const msgId = frontEnd.update(s.modelId, { value: 7 });
    expect(s.value).toBe(7);
    expect(seen).toEqual([[7, 3]]);
    expect(frontEnd.answersTo(msgId).map((m) => m.content.data)).toEqual([
      { method: "echo_update", state: { value: 7 }, buffer_paths: [] },
    ]);
    // The same value again is no change: echoed, but onChange is not called.
    frontEnd.update(s.modelId, { value: 7 });
    expect(seen).toHaveLength(1);
  });

  it("request_state is answered with an update of the full state", () => {
    const { frontEnd, options } = widgetWorld();
    const t = toggle({ description: "on", value: true, ...options });
    const msgId = frontEnd.send(t.modelId, { method: "request_state" });
    const [answer] = frontEnd.answersTo(msgId);
    expect(answer!.content.data.method).toBe("update");
    expect(answer!.content.data.state).toEqual(
      frontEnd.received.find((m) => m.msgType === "comm_open" && m.content.comm_id === t.modelId)!.content
        .data.state,
    );
  });

  it("a click (custom { event: 'click' }) calls onClick and counts", () => {
    const { frontEnd, options } = widgetWorld();
    let clicked = 0;
    const b = button({ description: "Go", onClick: () => clicked++, ...options });
    frontEnd.click(b.modelId);
    frontEnd.click(b.modelId);
    expect([clicked, b.clicks]).toEqual([2, 2]);
  });

  it("a dropdown's index maps to the option's value, of any type", () => {
    const { frontEnd, options } = widgetWorld();
    const picked: [number, number][] = [];
    const d = dropdown({
      options: [
        ["one second", 1000],
        ["ten seconds", 10_000],
      ],
      onChange: (v, old) => picked.push([v, old]),
      ...options,
    });
    expect(frontEnd.model(d.modelId).state._options_labels).toEqual(["one second", "ten seconds"]);
    frontEnd.update(d.modelId, { index: 1 });
    expect([d.value, d.index]).toEqual([10_000, 1]);
    expect(picked).toEqual([[10_000, 1000]]);
  });
});

describe("kernel → front end", () => {
  it("setting a value sends update, the front end's model follows, and onChange runs", () => {
    const { frontEnd, output, options } = widgetWorld();
    const seen: number[] = [];
    const s = slider({ min: 0, max: 1, value: 0.5, onChange: (v) => seen.push(v), ...options });
    const before = output.comms.length;
    s.value = 0.25;
    expect(output.comms.slice(before).map((m) => m.content)).toEqual([
      { comm_id: s.modelId, data: { method: "update", state: { value: 0.25 }, buffer_paths: [] } },
    ]);
    expect(frontEnd.model(s.modelId).state.value).toBe(0.25);
    expect(seen).toEqual([0.25]);
    s.value = 0.25; // no change, nothing sent
    expect(output.comms).toHaveLength(before + 1);
  });

  it("every control's value, description and disabled reach the front end", () => {
    const { frontEnd, options } = widgetWorld();
    const t = toggle(options);
    const d = dropdown({ options: ["a", "b", "c"], ...options });
    const l = label("x", options);
    const h = html("<i>x</i>", options);
    const b = button(options);
    t.value = true;
    d.value = "c";
    l.value = "42 words";
    h.value = "<b>42</b>";
    b.description = "Stop";
    b.disabled = true;
    const state = (id: string) => frontEnd.model(id).state;
    expect([
      state(t.modelId).value,
      state(d.modelId).index,
      state(l.modelId).value,
      state(h.modelId).value,
    ]).toEqual([true, 2, "42 words", "<b>42</b>"]);
    expect(state(b.modelId)).toMatchObject({ description: "Stop", disabled: true });
  });

  it("rejects a bad value from code with the rule and the fix; nothing is sent", () => {
    const { output, options } = widgetWorld();
    const s = slider({ min: 1, max: 10, value: 3, description: "window", ...options });
    const d = dropdown({ options: ["a"], ...options });
    const before = output.comms.length;
    expect(() => {
      s.value = 11;
    }).toThrow(/IntSlider "window": value must lie in \[min, max\] = \[1, 10\]; got 11\. Fix:/);
    expect(() => {
      s.value = 2.5;
    }).toThrow(/value must be a whole number; got 2\.5/);
    expect(() => {
      d.value = "b";
    }).toThrow(/"b" is not one of the options \(a\)/);
    expect(() => {
      s.description = 3 as never;
    }).toThrow(/IntSlider "window": description must be a string; got 3\. Fix:/);
    expect(output.comms).toHaveLength(before);
    expect(s.value).toBe(3);
  });

  it("close() closes the model with its layout and style; the front end drops them", () => {
    const { frontEnd, widgets, options } = widgetWorld();
    const s = slider(options);
    const ids = [...frontEnd.models.keys()];
    s.close();
    expect(ids.map((id) => frontEnd.model(id).closed)).toEqual([true, true, true]);
    expect(widgets.open).toEqual([]);
    expect(s.isClosed).toBe(true);
    s.value = 5; // a closed control keeps its value, sends nothing
    expect(s.value).toBe(5);
  });

  it("the front end closing a control's comm closes it in the kernel too", () => {
    const { comms, widgets, options } = widgetWorld();
    const s = slider(options);
    comms.receiveClose({ comm_id: s.modelId, data: {} }, { metadata: {}, buffers: [], msgId: "x" });
    expect(s.isClosed).toBe(true);
    expect(widgets.get(s.modelId)).toBeUndefined();
    expect(comms.info()).toEqual({});
  });
});

describe("the control comm (jupyter.widget.control), as JupyterLab uses it after a reload", () => {
  it("request_states is answered with update_states: every open model's class and full state", () => {
    const { frontEnd, options } = widgetWorld();
    const s = slider({ min: 0, max: 10, value: 4, ...options });
    s.value = 6;
    const control = frontEnd.openControlComm("1.0.0");
    const msgId = frontEnd.send(control, { method: "request_states" });
    const [answer] = frontEnd.answersTo(msgId);
    expect(answer!.content.comm_id).toBe(control);
    const { method, states, buffer_paths } = answer!.content.data;
    expect([method, buffer_paths]).toEqual(["update_states", []]);
    expect(Object.keys(states)).toEqual([...frontEnd.models.keys()]);
    expect(states[s.modelId]).toEqual({
      model_name: "IntSliderModel",
      model_module: "@jupyter-widgets/controls",
      model_module_version: "2.0.0",
      state: { ...frontEnd.model(s.modelId).state, value: 6 },
    });
  });

  it("a control comm of another protocol major version is closed, and the open fails by name", () => {
    const { frontEnd } = widgetWorld();
    expect(() => frontEnd.openControlComm("2.0.0")).toThrow(
      /protocol version "2\.0\.0"; this kernel speaks 1\.0\.0/,
    );
    expect(frontEnd.received.map((m) => m.msgType)).toEqual(["comm_close"]);
  });

  it("a widget opened by the front end (comm_open to jupyter.widget) is refused and closed", () => {
    const { comms } = widgetWorld();
    const sent: string[] = [];
    expect(() =>
      comms.receiveOpen(
        {
          comm_id: "fe-made",
          target_name: "jupyter.widget",
          data: { state: { _model_name: "IntSliderModel" } },
        },
        { metadata: { version: "2.1.0" }, buffers: [], msgId: "m" },
        (t) => sent.push(t),
      ),
    ).toThrow(/take over a widget it made \(IntSliderModel/);
    expect(sent).toEqual(["comm_close"]);
    expect(comms.info()).toEqual({});
  });
});
