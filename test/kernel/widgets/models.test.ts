import { describe, expect, it } from "vitest";
import { NoCellOutputError } from "../../../kernel/display";
import { mimeBundleSymbol } from "../../../kernel/display/mimeBundleSymbol";
import {
  button,
  dropdown,
  html,
  InvalidControlError,
  label,
  slider,
  toggle,
  WIDGET_VIEW_MIME,
} from "../../../kernel/widgets";
import { widgetWorld } from "./setup";

// What the front end is told to build: comm_open to jupyter.widget with { state, buffer_paths }
// and metadata { version: "2.1.0" }, layout and style first, then display_data with the view.

/** FloatSlider's state from ipywidgets 8.1 `FloatSlider().get_state()` (layout/style refs aside). */
const IPYWIDGETS_FLOAT_SLIDER = {
  _dom_classes: [],
  _model_module: "@jupyter-widgets/controls",
  _model_module_version: "2.0.0",
  _model_name: "FloatSliderModel",
  _view_count: null,
  _view_module: "@jupyter-widgets/controls",
  _view_module_version: "2.0.0",
  _view_name: "FloatSliderView",
  behavior: "drag-tap",
  continuous_update: true,
  description: "",
  description_allow_html: false,
  disabled: false,
  max: 100,
  min: 0,
  orientation: "horizontal",
  readout: true,
  readout_format: ".2f",
  step: 0.1,
  tabbable: null,
  tooltip: null,
  value: 0,
};

describe("making a control", () => {
  it("opens layout, style and model comms in that order, with ipywidgets 8's state, and shows the view", () => {
    const { output, options } = widgetWorld();
    const s = slider({ min: 0, max: 1, step: 0.01, value: 0.9, description: "decay", ...options });
    expect(output.comms.map((c) => [c.msgType, c.content.target_name])).toEqual([
      ["comm_open", "jupyter.widget"],
      ["comm_open", "jupyter.widget"],
      ["comm_open", "jupyter.widget"],
    ]);
    expect(output.comms.every((c) => c.metadata?.version === "2.1.0")).toBe(true);
    const [layout, style, model] = output.comms.map((c) => c.content);
    expect(layout.data.state).toMatchObject({
      _model_name: "LayoutModel",
      _model_module: "@jupyter-widgets/base",
      _model_module_version: "2.0.0",
      _view_name: "LayoutView",
      width: null,
    });
    expect(style.data.state).toMatchObject({
      _model_name: "SliderStyleModel",
      _model_module: "@jupyter-widgets/controls",
      _view_name: "StyleView",
      _view_module: "@jupyter-widgets/base",
      description_width: "",
      handle_color: null,
    });
    expect(model.comm_id).toBe(s.modelId);
    expect(model.data.buffer_paths).toEqual([]);
    const { layout: layoutRef, style: styleRef, ...state } = model.data.state;
    expect(layoutRef).toBe(`IPY_MODEL_${layout.comm_id}`);
    expect(styleRef).toBe(`IPY_MODEL_${style.comm_id}`);
    expect(state).toEqual({
      ...IPYWIDGETS_FLOAT_SLIDER,
      min: 0,
      max: 1,
      step: 0.01,
      value: 0.9,
      description: "decay",
    });
    expect(output.displays).toEqual([
      {
        "text/plain": "FloatSlider(value=0.9, min=0, max=1, step=0.01, description='decay')",
        [WIDGET_VIEW_MIME]: { version_major: 2, version_minor: 0, model_id: s.modelId },
      },
    ]);
  });

  it("picks IntSlider for whole numbers and FloatSlider otherwise, or as told", () => {
    const { frontEnd, options } = widgetWorld();
    const kinds = [
      slider({ min: 1, max: 10, value: 3, ...options }),
      slider({ min: 0, max: 1, value: 0.5, ...options }),
      slider({ min: 0, max: 10, type: "float", ...options }),
    ].map((s) => [
      s.type,
      frontEnd.model(s.modelId).state._model_name,
      frontEnd.model(s.modelId).state.readout_format,
    ]);
    expect(kinds).toEqual([
      ["int", "IntSliderModel", "d"],
      ["float", "FloatSliderModel", ".2f"],
      ["float", "FloatSliderModel", ".1f"],
    ]);
  });

  it("makes each control with the model, view and style the controls package registers", () => {
    const { frontEnd, options } = widgetWorld();
    const made = [
      button({ description: "Go", ...options }),
      toggle({ description: "on", value: true, ...options }),
      dropdown({ options: ["a", "b"], value: "b", ...options }),
      label("hello", options),
      html("<b>hi</b>", options),
    ];
    const describe = (id: string) => {
      const s = frontEnd.model(id).state;
      const style = frontEnd.model(String(s.style).slice("IPY_MODEL_".length)).state;
      return [s._model_name, s._view_name, style._model_name];
    };
    expect(made.map((c) => describe(c.modelId))).toEqual([
      ["ButtonModel", "ButtonView", "ButtonStyleModel"],
      ["ToggleButtonModel", "ToggleButtonView", "ToggleButtonStyleModel"],
      ["DropdownModel", "DropdownView", "DescriptionStyleModel"],
      ["LabelModel", "LabelView", "LabelStyleModel"],
      ["HTMLModel", "HTMLView", "HTMLStyleModel"],
    ]);
    expect(frontEnd.model(made[2]!.modelId).state).toMatchObject({ _options_labels: ["a", "b"], index: 1 });
    expect(made.map((c) => String(c))).toEqual([
      "Button(description='Go')",
      "ToggleButton(value=true, description='on')",
      "Dropdown(value='b', options=['a', 'b'])",
      "Label(value='hello')",
      "HTML(value='<b>hi</b>')",
    ]);
  });

  it("a cell ending in the control shows it once (no second view as its result); show() adds another view", () => {
    const { output, cell, options } = widgetWorld();
    const s = slider(options);
    expect(s[mimeBundleSymbol]()).toEqual({});
    const later = cell();
    s.show(later);
    expect([output.displays.length, later.displays]).toEqual([1, [s.viewBundle()]]);
  });

  it("rejects bad options with the rule and the fix, before any comm opens", () => {
    const { output, options } = widgetWorld();
    const bad: [() => unknown, RegExp][] = [
      [() => slider({ min: 5, max: 1, ...options }), /max must be above min; got min 5, max 1/],
      [
        () => slider({ min: 0, max: 10, value: 11, ...options }),
        /value must lie in \[min, max\] = \[0, 10\]; got 11/,
      ],
      [
        () => slider({ min: 0, max: 10, step: 0.5, type: "int", ...options }),
        /an int slider takes whole numbers/,
      ],
      [() => slider({ value: Number.NaN, ...options }), /value must be a finite number/],
      [() => slider({ description: 3 as never, ...options }), /description must be a string/],
      [() => slider({ onChange: "x" as never, ...options }), /onChange must be a function/],
      [() => dropdown({ options: [], ...options }), /options must be a non-empty array/],
      [
        () => dropdown({ options: ["a"], value: "z", ...options }),
        /value "z" is not one of the options \(a\)/,
      ],
      [() => button({ buttonStyle: "loud" as never, ...options }), /buttonStyle must be one of/],
      [() => toggle({ value: "yes" as never, ...options }), /toggle\(\): value must be true or false/],
      [() => label(5 as never, options), /the text must be a string; got number/],
    ];
    for (const [make, message] of bad) {
      expect(make).toThrow(InvalidControlError);
      expect(make).toThrow(message);
      expect(make).toThrow(/Fix: /);
    }
    expect(output.comms).toEqual([]);
  });

  it("needs a cell: outside one NoCellOutputError, in one that cannot carry comms InvalidControlError", () => {
    const { widgets } = widgetWorld();
    expect(() => slider({ widgets })).toThrow(NoCellOutputError);
    const silent = { stream() {}, display() {}, updateDisplay() {}, error() {} };
    expect(() => slider({ widgets, output: silent })).toThrow(
      /needs a cell whose output can carry Jupyter comm messages/,
    );
  });
});
