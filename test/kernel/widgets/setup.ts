import { CommManager } from "../../../kernel/comm";
import { WidgetManager } from "../../../kernel/widgets";
import { FakeFrontEnd } from "./FakeFrontEnd";
import { RecordingCommOutput } from "./RecordingCommOutput";

/** A fresh kernel side (comms, widget manager), a front end and a cell output wired together. */
export function widgetWorld() {
  const comms = new CommManager();
  const widgets = new WidgetManager(comms);
  const frontEnd = new FakeFrontEnd(comms);
  const output = new RecordingCommOutput(frontEnd.receive);
  /** Another cell's output, on the same front end. */
  const cell = () => new RecordingCommOutput(frontEnd.receive);
  return { comms, widgets, frontEnd, output, cell, options: { output, widgets } };
}
