// Jupyter widgets (widget message protocol 2.1, @jupyter-widgets/base 2.0.0 and controls 2.0.0
// models) and the notebook controls on top. Every public export is named here; the session
// re-exports the controls.
export { Button, type ButtonOptions, type ButtonStyle, button } from "./Button";
export { Control } from "./Control";
export { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
export { Dropdown, type DropdownOptions, dropdown } from "./Dropdown";
export { ErrorReporter } from "./ErrorReporter";
export {
  ControlCallbackError,
  InvalidControlError,
  UnsupportedWidgetError,
  WidgetMessageError,
} from "./errors";
export { Html, html } from "./Html";
export { kernelWidgets } from "./kernelWidgets";
export { Label, label, type TextOptions } from "./Label";
export type { AttributeDefinition, ModelDefinition } from "./ModelDefinition";
export {
  CONTROL_PROTOCOL_VERSION,
  CONTROL_TARGET,
  MODEL_REF_PREFIX,
  WIDGET_PROTOCOL_VERSION,
  WIDGET_TARGET,
  WIDGET_VIEW_MIME,
} from "./protocol";
export { Slider, type SliderOptions, slider } from "./Slider";
export { controls, StreamControls } from "./StreamControls";
export { Toggle, type ToggleOptions, toggle } from "./Toggle";
export { Trait, type TraitContext } from "./Trait";
export { type ModelStateEntry, WidgetManager } from "./WidgetManager";
export { type WidgetChange, type WidgetChangeSource, WidgetModel } from "./WidgetModel";
export { WIDGET_MODELS } from "./widgetModels";
