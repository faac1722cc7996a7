import type { AttributeDefinition, ModelDefinition } from "./ModelDefinition";
import { Trait } from "./Trait";

// The models this kernel makes, transcribed from ipywidgets 8's model spec
// (packages/schema/jupyterwidgetmodels.latest.md) and checked against `Widget.get_state()` of
// ipywidgets 8.1: same keys, same defaults. Module versions are protocol versions, not npm
// versions: @jupyter-widgets/base 2.0.0 and @jupyter-widgets/controls 2.0.0 are what
// JupyterLab 4's widget manager registers (npm @jupyter-widgets/base 6, controls 5).

const BASE = "@jupyter-widgets/base";
const CONTROLS = "@jupyter-widgets/controls";
const VERSION = "2.0.0";

const attr = (trait: Trait, value: unknown): AttributeDefinition => ({ trait, default: value });
const nullableString = Trait.nullable(Trait.string);
const BUTTON_STYLES = Trait.oneOf("primary", "success", "info", "warning", "danger", "");

/** Attributes that are all `null` or a CSS string, default null. */
function cssAttributes(...names: string[]): Record<string, AttributeDefinition> {
  return Object.fromEntries(names.map((n) => [n, attr(nullableString, null)]));
}

/** Every model syncs `_view_count` (null: views are not counted). */
const COUNTED = { _view_count: attr(Trait.nullable(Trait.int), null) };

/** What every DOMWidget has (its `layout` is a LayoutModel made with it). */
const DOM_WIDGET = {
  ...COUNTED,
  _dom_classes: attr(Trait.arrayOf(Trait.string), []),
  layout: attr(Trait.modelRef, null),
  tabbable: attr(Trait.nullable(Trait.boolean), null),
  tooltip: attr(nullableString, null),
};

/** What every DescriptionWidget adds (its `style` is a style model made with it). */
const DESCRIPTION_WIDGET = {
  ...DOM_WIDGET,
  description: attr(Trait.string, ""),
  description_allow_html: attr(Trait.boolean, false),
  style: attr(Trait.modelRef, null),
};

function style(name: string, attributes: Record<string, AttributeDefinition>): ModelDefinition {
  return {
    name: name.replace(/Model$/, ""),
    model: { name, module: CONTROLS, version: VERSION },
    view: { name: "StyleView", module: BASE, version: VERSION },
    attributes: { ...COUNTED, ...attributes },
  };
}

function control(
  name: string,
  attributes: Record<string, AttributeDefinition>,
  parts: Record<string, ModelDefinition>,
  invariant?: ModelDefinition["invariant"],
): ModelDefinition {
  return {
    name,
    model: { name: `${name}Model`, module: CONTROLS, version: VERSION },
    view: { name: `${name}View`, module: CONTROLS, version: VERSION },
    attributes,
    parts,
    ...(invariant ? { invariant } : {}),
  };
}

const LAYOUT: ModelDefinition = {
  name: "Layout",
  model: { name: "LayoutModel", module: BASE, version: VERSION },
  view: { name: "LayoutView", module: BASE, version: VERSION },
  attributes: {
    ...COUNTED,
    ...cssAttributes(
      "align_content",
      "align_items",
      "align_self",
      "border_bottom",
      "border_left",
      "border_right",
      "border_top",
      "bottom",
      "display",
      "flex",
      "flex_flow",
      "grid_area",
      "grid_auto_columns",
      "grid_auto_flow",
      "grid_auto_rows",
      "grid_column",
      "grid_gap",
      "grid_row",
      "grid_template_areas",
      "grid_template_columns",
      "grid_template_rows",
      "height",
      "justify_content",
      "justify_items",
      "left",
      "margin",
      "max_height",
      "max_width",
      "min_height",
      "min_width",
      "object_fit",
      "object_position",
      "order",
      "overflow",
      "padding",
      "right",
      "top",
      "visibility",
      "width",
    ),
  },
};

const FONT = ["font_family", "font_size", "font_style", "font_variant", "font_weight"];
const DESCRIPTION_WIDTH = { description_width: attr(Trait.string, "") };

const BUTTON_STYLE = style(
  "ButtonStyleModel",
  cssAttributes("button_color", ...FONT, "text_color", "text_decoration"),
);
const TOGGLE_BUTTON_STYLE = style("ToggleButtonStyleModel", {
  ...DESCRIPTION_WIDTH,
  ...cssAttributes(...FONT, "text_color", "text_decoration"),
});
const SLIDER_STYLE = style("SliderStyleModel", {
  ...DESCRIPTION_WIDTH,
  ...cssAttributes("handle_color"),
});
const DESCRIPTION_STYLE = style("DescriptionStyleModel", DESCRIPTION_WIDTH);
const LABEL_STYLE = style("LabelStyleModel", {
  ...DESCRIPTION_WIDTH,
  ...cssAttributes("background", ...FONT, "text_color", "text_decoration"),
});
const HTML_STYLE = style("HTMLStyleModel", {
  ...DESCRIPTION_WIDTH,
  ...cssAttributes("background", "font_size", "text_color"),
});

/** A slider's value lies in [min, max] and its step is positive. */
function sliderInvariant(s: Readonly<Record<string, unknown>>): string | undefined {
  const [min, max, value, step] = [s.min, s.max, s.value, s.step] as number[];
  if (min > max) return `min (${min}) must not be above max (${max})`;
  if (value < min || value > max) return `value must lie in [min, max] = [${min}, ${max}]; got ${value}`;
  if (step !== null && !(step > 0)) return `step must be positive; got ${step}`;
  return undefined;
}

function slider(name: "IntSlider" | "FloatSlider"): ModelDefinition {
  const n = name === "IntSlider" ? Trait.int : Trait.float;
  return control(
    name,
    {
      ...DESCRIPTION_WIDGET,
      behavior: attr(Trait.oneOf("drag-tap", "drag-snap", "tap", "drag", "snap"), "drag-tap"),
      continuous_update: attr(Trait.boolean, true),
      disabled: attr(Trait.boolean, false),
      max: attr(n, 100),
      min: attr(n, 0),
      orientation: attr(Trait.oneOf("horizontal", "vertical"), "horizontal"),
      readout: attr(Trait.boolean, true),
      readout_format: attr(Trait.string, name === "IntSlider" ? "d" : ".2f"),
      step: name === "IntSlider" ? attr(Trait.int, 1) : attr(Trait.nullable(Trait.float), 0.1),
      value: attr(n, 0),
    },
    { layout: LAYOUT, style: SLIDER_STYLE },
    sliderInvariant,
  );
}

/** The models this kernel makes, by model name. */
export const WIDGET_MODELS = {
  LayoutModel: LAYOUT,
  ButtonStyleModel: BUTTON_STYLE,
  ToggleButtonStyleModel: TOGGLE_BUTTON_STYLE,
  SliderStyleModel: SLIDER_STYLE,
  DescriptionStyleModel: DESCRIPTION_STYLE,
  LabelStyleModel: LABEL_STYLE,
  HTMLStyleModel: HTML_STYLE,
  ButtonModel: control(
    "Button",
    {
      ...DOM_WIDGET,
      button_style: attr(BUTTON_STYLES, ""),
      description: attr(Trait.string, ""),
      disabled: attr(Trait.boolean, false),
      icon: attr(Trait.string, ""),
      style: attr(Trait.modelRef, null),
    },
    { layout: LAYOUT, style: BUTTON_STYLE },
  ),
  ToggleButtonModel: control(
    "ToggleButton",
    {
      ...DESCRIPTION_WIDGET,
      button_style: attr(BUTTON_STYLES, ""),
      disabled: attr(Trait.boolean, false),
      icon: attr(Trait.string, ""),
      value: attr(Trait.boolean, false),
    },
    { layout: LAYOUT, style: TOGGLE_BUTTON_STYLE },
  ),
  IntSliderModel: slider("IntSlider"),
  FloatSliderModel: slider("FloatSlider"),
  DropdownModel: control(
    "Dropdown",
    {
      ...DESCRIPTION_WIDGET,
      _options_labels: attr(Trait.arrayOf(Trait.string), []),
      disabled: attr(Trait.boolean, false),
      index: attr(Trait.nullable(Trait.int), null),
    },
    { layout: LAYOUT, style: DESCRIPTION_STYLE },
    (s) => {
      const labels = s._options_labels as string[];
      const index = s.index as number | null;
      return index === null || (index >= 0 && index < labels.length)
        ? undefined
        : `index must be null or in [0, ${labels.length - 1}] (one per option); got ${index}`;
    },
  ),
  LabelModel: control(
    "Label",
    {
      ...DESCRIPTION_WIDGET,
      placeholder: attr(Trait.string, "\u200b"),
      value: attr(Trait.string, ""),
    },
    { layout: LAYOUT, style: LABEL_STYLE },
  ),
  HTMLModel: control(
    "HTML",
    {
      ...DESCRIPTION_WIDGET,
      placeholder: attr(Trait.string, "\u200b"),
      value: attr(Trait.string, ""),
    },
    { layout: LAYOUT, style: HTML_STYLE },
  ),
  HBoxModel: control(
    "HBox",
    {
      ...DOM_WIDGET,
      box_style: attr(Trait.oneOf("success", "info", "warning", "danger", ""), ""),
      children: attr(Trait.arrayOf(Trait.modelRef), []),
    },
    { layout: LAYOUT },
  ),
} satisfies Record<string, ModelDefinition>;
