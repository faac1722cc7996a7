import { Control } from "./Control";
import { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
import { checkText, makeTextModel } from "./makeTextModel";
import type { WidgetModel } from "./WidgetModel";
import { WIDGET_MODELS } from "./widgetModels";

/** label()'s and html()'s options. */
export interface TextOptions extends ControlOptions {
  /** A label shown before the text. */
  description?: string;
}

/**
 * A line of text (ipywidgets' Label) shown in the calling cell; setting `value` replaces the text
 * in every browser showing it — from a later cell, or from a stream's batches.
 *
 * @example
 * const status = label("waiting for the first batch…");
 * counts.foreachRDD((rdd, t) => (status.value = `${rdd.count()} words at ${t.milliseconds} ms`));
 */
export function label(text = "", options: TextOptions = {}): Label {
  return Label.create(controlTarget("label()", options), text, options).show(options.output);
}

/** The handle label() returns; html() returns one too, of an HTML model. */
export class Label extends Control {
  protected constructor(model: WidgetModel, target: ControlTarget) {
    super(model, target.output);
  }

  /** Makes the model without showing it (label() shows it). */
  static create(target: ControlTarget, text: string, o: TextOptions): Label {
    return new Label(makeTextModel(target, WIDGET_MODELS.LabelModel, "label()", text, o), target);
  }

  get value(): string {
    return this.model.get("value") as string;
  }

  set value(text: string) {
    this.model.set({ value: checkText(this.model.label, text) });
  }

  protected textFields(): Record<string, unknown> {
    return { value: this.value, description: this.description };
  }
}
