import { Control } from "./Control";
import { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
import { checkCommonOptions } from "./checkCommonOptions";
import { InvalidControlError } from "./errors";
import type { WidgetModel } from "./WidgetModel";
import { WIDGET_MODELS } from "./widgetModels";

/** dropdown()'s options. */
export interface DropdownOptions<T> extends ControlOptions {
  /** The choices: values (shown as String(value)), or [label, value] pairs. */
  options: readonly T[] | readonly (readonly [string, T])[];
  /** The selected value; default the first option. */
  value?: T;
  description?: string;
  disabled?: boolean;
  /** Called with the new and the previous value on every change, from the browser or from code. */
  onChange?: (value: T, previous: T) => unknown;
}

/**
 * A dropdown (ipywidgets' Dropdown) shown in the calling cell. The browser only knows the labels
 * and sends the selected index; `value` is the option's value in the kernel, of any type.
 *
 * @example
 * let keep: "all" | "errors" = "all";
 * dropdown({ options: ["all", "errors"], description: "show", onChange: (v) => (keep = v) });
 * logs.filter((l) => keep === "all" || l.level === "error").print(); // read every batch
 *
 * @example
 * const batchWindow = dropdown({ options: [["1 s", Seconds(1)], ["10 s", Seconds(10)]], description: "window" });
 */
export function dropdown<T>(options: DropdownOptions<T>): Dropdown<T> {
  return Dropdown.create(controlTarget("dropdown()", options), options).show(options.output);
}

/** The handle dropdown() returns. */
export class Dropdown<T> extends Control {
  private constructor(
    model: WidgetModel,
    target: ControlTarget,
    /** The options' values, in order. */
    readonly values: readonly T[],
    /** The options' labels, as the browser shows them. */
    readonly labels: readonly string[],
    onChange: DropdownOptions<T>["onChange"],
  ) {
    super(model, target.output);
    if (onChange) {
      model.observe(({ changes }) => {
        const c = changes.index;
        if (c) {
          this.call("onChange", () => onChange(values[c.new as number] as T, values[c.old as number] as T));
        }
      });
    }
  }

  /** Makes the model without showing it (dropdown() shows it). */
  static create<T>(target: ControlTarget, o: DropdownOptions<T>): Dropdown<T> {
    checkCommonOptions("dropdown()", o);
    const list = o?.options as readonly unknown[];
    if (!Array.isArray(list) || list.length === 0) {
      throw new InvalidControlError(
        `dropdown(): options must be a non-empty array; got ${JSON.stringify(list)}. ` +
          'Fix: e.g. dropdown({ options: ["a", "b"] }) or dropdown({ options: [["one", 1], ["two", 2]] }).',
      );
    }
    const pairs = list.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === "string");
    const values = (pairs ? list.map((x) => (x as [string, T])[1]) : list) as T[];
    const labels = pairs ? list.map((x) => (x as [string, T])[0]) : list.map((x) => String(x));
    const index = o.value === undefined ? 0 : indexOf(values, o.value);
    if (index < 0) {
      throw new InvalidControlError(
        `dropdown(): value ${JSON.stringify(o.value)} is not one of the options (${labels.join(", ")}). ` +
          "Fix: give one of the options' values, or leave value out for the first.",
      );
    }
    const model = target.widgets.create(
      WIDGET_MODELS.DropdownModel,
      { _options_labels: labels, index, description: o.description ?? "", disabled: o.disabled ?? false },
      target.publish,
    );
    return new Dropdown(model, target, values, labels, o.onChange);
  }

  /** The selected option's index. */
  get index(): number {
    return this.model.get("index") as number;
  }

  get value(): T {
    return this.values[this.index] as T;
  }

  /** Selects the option with this value in every browser showing it, and calls onChange. */
  set value(v: T) {
    const index = indexOf(this.values, v);
    if (index < 0) {
      throw new InvalidControlError(
        `${this.model.label}: ${JSON.stringify(v)} is not one of the options (${this.labels.join(", ")}). ` +
          "Fix: set one of the options' values.",
      );
    }
    this.model.set({ index });
  }

  get disabled(): boolean {
    return this.model.get("disabled") as boolean;
  }

  set disabled(v: boolean) {
    this.model.set({ disabled: v });
  }

  protected textFields(): Record<string, unknown> {
    return { value: this.labels[this.index], options: [...this.labels], description: this.description };
  }
}

/** The option equal to v: the same value, or (for arrays, objects, Durations) the same JSON. */
function indexOf<T>(values: readonly T[], v: T): number {
  const same = values.findIndex((x) => Object.is(x, v));
  if (same >= 0) return same;
  const json = JSON.stringify(v);
  return json === undefined ? -1 : values.findIndex((x) => JSON.stringify(x) === json);
}
