import type { ControlTarget } from "./ControlTarget";
import { checkCommonOptions } from "./checkCommonOptions";
import { InvalidControlError } from "./errors";
import type { TextOptions } from "./Label";
import type { ModelDefinition } from "./ModelDefinition";
import type { WidgetModel } from "./WidgetModel";

/** Makes a Label or HTML model after checking the text and options. */
export function makeTextModel(
  target: ControlTarget,
  definition: ModelDefinition,
  operation: string,
  text: unknown,
  o: TextOptions,
): WidgetModel {
  checkCommonOptions(operation, o);
  return target.widgets.create(
    definition,
    { value: checkText(operation, text), description: o.description ?? "" },
    target.publish,
  );
}

/** The text of a Label or HTML: a string, else an InvalidControlError. */
export function checkText(what: string, text: unknown): string {
  if (typeof text !== "string") {
    throw new InvalidControlError(
      `${what}: the text must be a string; got ${typeof text}. Fix: convert it first, e.g. String(n) or JSON.stringify(x).`,
    );
  }
  return text;
}
