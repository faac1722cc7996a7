import type { CommPublish } from "../comm";
import { NoCellOutputError } from "../display/errors";
import { type CellOutput, currentOutput } from "../output";
import { InvalidControlError } from "./errors";
import { kernelWidgets } from "./kernelWidgets";
import type { WidgetManager } from "./WidgetManager";

/** Where every control goes: options all controls take. */
export interface ControlOptions {
  /** The cell that shows the control, runs its callbacks and shows their errors. Default: the calling cell. */
  output?: CellOutput;
  /** The widget models it joins. Default: the kernel's (`kernelWidgets`); tests pass their own. */
  widgets?: WidgetManager;
}

/** The cell, widget manager and comm channel a control is made with. */
export interface ControlTarget {
  output: CellOutput;
  widgets: WidgetManager;
  publish: CommPublish;
}

/**
 * The target of a control made by `operation` ("slider()"): the given or current cell, which must
 * be able to carry comm messages (a regular cell's output can; a silent execution's cannot).
 *
 * @example
 * const target = controlTarget("slider()", options); // NoCellOutputError outside a cell
 * const model = target.widgets.create(WIDGET_MODELS.IntSliderModel, { value: 3 }, target.publish);
 */
export function controlTarget(operation: string, options: ControlOptions): ControlTarget {
  const output = options.output ?? currentOutput();
  if (!output) throw new NoCellOutputError(operation);
  const send = output.commMessage?.bind(output);
  if (!send) {
    throw new InvalidControlError(
      `${operation} needs a cell whose output can carry Jupyter comm messages, and this one cannot ` +
        "(a silent execution, user_expressions, or a CellOutput without commMessage). " +
        `Fix: call ${operation} from a regular cell, or pass { output } that implements commMessage.`,
    );
  }
  return {
    output,
    widgets: options.widgets ?? kernelWidgets,
    publish: (type, content, o) => send(type, content, o),
  };
}
