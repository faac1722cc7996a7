// The session preloaded into every notebook: each name exported here can be used in a cell with no
// import, and type-checks. engine/, ml/ and kernel/display/ (display, plot, monitor, …) are
// re-exported wholesale, so what those layers add appears in notebooks without a change here;
// kernel/widgets only by its notebook API (slider, button, toggle, dropdown, label, html, controls).
export * from "../../engine";
export * from "../../ml";
export * from "../display";
// Live controls (Jupyter widgets): only the notebook API, not the protocol machinery.
export {
  Button,
  type ButtonOptions,
  button,
  ControlCallbackError,
  controls,
  Dropdown,
  type DropdownOptions,
  dropdown,
  Html,
  html,
  InvalidControlError,
  Label,
  label,
  Slider,
  type SliderOptions,
  StreamControls,
  slider,
  type TextOptions,
  Toggle,
  type ToggleOptions,
  toggle,
  WidgetMessageError,
} from "../widgets";
export { clearOutput } from "./clearOutput";
export { sc } from "./sc";
export { streamingContext } from "./streamingContext";
