import { Control } from "./Control";
import { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
import { checkCommonOptions } from "./checkCommonOptions";
import { InvalidControlError } from "./errors";
import type { WidgetModel } from "./WidgetModel";
import { WIDGET_MODELS } from "./widgetModels";

/** toggle()'s options. */
export interface ToggleOptions extends ControlOptions {
  /** The button's text. */
  description?: string;
  /** Pressed (true) or not; default false. */
  value?: boolean;
  disabled?: boolean;
  tooltip?: string;
  /** Called with the new and the previous state on every change, from the browser or from code. */
  onChange?: (value: boolean, previous: boolean) => unknown;
}

/**
 * A toggle button (ipywidgets' ToggleButton) shown in the calling cell: `value` is whether it is
 * pressed; setting it presses or releases it in the browser and calls onChange.
 *
 * @example
 * const details = toggle({ description: "print details" });
 * counts.foreachRDD((rdd) => { if (details.value) console.log(rdd.take(10)); }); // read every batch
 */
export function toggle(options: ToggleOptions = {}): Toggle {
  return Toggle.create(controlTarget("toggle()", options), options).show(options.output);
}

/** The handle toggle() returns. */
export class Toggle extends Control {
  private constructor(model: WidgetModel, target: ControlTarget, onChange: ToggleOptions["onChange"]) {
    super(model, target.output);
    if (onChange) {
      model.observe(({ changes }) => {
        const c = changes.value;
        if (c) this.call("onChange", () => onChange(c.new as boolean, c.old as boolean));
      });
    }
  }

  /** Makes the model without showing it (toggle() shows it). */
  static create(target: ControlTarget, o: ToggleOptions): Toggle {
    checkCommonOptions("toggle()", o);
    if (o.value !== undefined && typeof o.value !== "boolean") {
      throw new InvalidControlError(
        `toggle(): value must be true or false; got ${JSON.stringify(o.value)}. Fix: e.g. { value: true }.`,
      );
    }
    const model = target.widgets.create(
      WIDGET_MODELS.ToggleButtonModel,
      {
        description: o.description ?? "",
        value: o.value ?? false,
        disabled: o.disabled ?? false,
        tooltip: o.tooltip ?? null,
      },
      target.publish,
    );
    return new Toggle(model, target, o.onChange);
  }

  get value(): boolean {
    return this.model.get("value") as boolean;
  }

  /** Presses or releases the toggle in every browser showing it, and calls onChange. */
  set value(v: boolean) {
    if (typeof v !== "boolean") {
      throw new InvalidControlError(
        `${this.model.label}: value must be true or false; got ${JSON.stringify(v)}. Fix: e.g. t.value = true.`,
      );
    }
    this.model.set({ value: v });
  }

  get disabled(): boolean {
    return this.model.get("disabled") as boolean;
  }

  set disabled(v: boolean) {
    this.model.set({ disabled: v });
  }

  protected textFields(): Record<string, unknown> {
    return { value: this.value, description: this.description };
  }
}
