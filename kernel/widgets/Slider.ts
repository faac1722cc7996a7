import { Control } from "./Control";
import { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
import { checkCommonOptions } from "./checkCommonOptions";
import { InvalidControlError } from "./errors";
import type { WidgetModel } from "./WidgetModel";
import { WIDGET_MODELS } from "./widgetModels";

/** slider()'s options. */
export interface SliderOptions extends ControlOptions {
  /** Default 0. */
  min?: number;
  /** Default 100 for a whole-number slider, 1 for a float slider (min + that when min is above it). */
  max?: number;
  /** Default 1 for whole numbers, (max − min) / 100 for floats. */
  step?: number;
  /** Default min. */
  value?: number;
  /** The label beside the slider. */
  description?: string;
  /** "int" (IntSlider) or "float" (FloatSlider). Default: "int" when min, max, step and value are all whole numbers. */
  type?: "int" | "float";
  /** Send the value while the handle is dragged (default), or only when it is released (false). */
  continuousUpdate?: boolean;
  disabled?: boolean;
  /** Called with the new and the previous value on every change, from the browser or from code. */
  onChange?: (value: number, previous: number) => unknown;
}

/**
 * A slider (ipywidgets' IntSlider or FloatSlider) shown in the calling cell. `value` reads the
 * latest value, from the browser or from code; setting it moves the slider in the browser and
 * calls onChange. A running stream that reads a variable set by onChange picks the new value up
 * at its next batch: nothing else is needed to tune a live stream.
 *
 * Moving the slider reaches the kernel as a shell message, so it waits while a cell runs (as in
 * ipykernel): start streams with `ssc.start()` and do not `await ssc.awaitTermination()` in a cell
 * whose controls should respond.
 *
 * @example
 * // A filter threshold the stream reads every batch:
 * let threshold = 50;
 * slider({ min: 0, max: 100, value: threshold, description: "threshold", onChange: (v) => (threshold = v) });
 * readings.filter((r) => r.value > threshold).count().print();
 *
 * @example
 * // A streaming k-means whose decay you tune while the centres move:
 * const model = new StreamingKMeans().setK(3).setDecayFactor(0.9).setRandomCenters(2, 0);
 * slider({ min: 0, max: 1, step: 0.01, value: 0.9, description: "decay", onChange: (d) => model.setDecayFactor(d) });
 * model.trainOn(points);
 *
 * @example
 * // A window length, read when each batch builds its window:
 * const win = slider({ min: 1, max: 10, value: 3, description: "window (batches)" });
 * counts.foreachRDD((rdd, t) => { history.push(rdd.collect()); console.log(history.slice(-win.value)); });
 */
export function slider(options: SliderOptions = {}): Slider {
  return Slider.create(controlTarget("slider()", options), options).show(options.output);
}

/** The handle slider() returns. */
export class Slider extends Control {
  private constructor(
    model: WidgetModel,
    target: ControlTarget,
    /** "int" (IntSlider) or "float" (FloatSlider). */
    readonly type: "int" | "float",
    onChange: SliderOptions["onChange"],
  ) {
    super(model, target.output);
    if (onChange) {
      model.observe(({ changes }) => {
        const c = changes.value;
        if (c) this.call("onChange", () => onChange(c.new as number, c.old as number));
      });
    }
  }

  /** Makes the model without showing it (slider() shows it). */
  static create(target: ControlTarget, o: SliderOptions): Slider {
    const fail = (rule: string, fix: string) => new InvalidControlError(`slider(): ${rule}. Fix: ${fix}.`);
    for (const key of ["min", "max", "step", "value"] as const) {
      const v = o[key];
      if (v !== undefined && !(typeof v === "number" && Number.isFinite(v))) {
        throw fail(`${key} must be a finite number; got ${JSON.stringify(v)}`, `e.g. slider({ ${key}: 1 })`);
      }
    }
    if (o.type !== undefined && o.type !== "int" && o.type !== "float") {
      throw fail(
        `type must be "int" or "float"; got ${JSON.stringify(o.type)}`,
        'e.g. slider({ type: "float" })',
      );
    }
    const given = [o.min, o.max, o.step, o.value].filter((v): v is number => v !== undefined);
    const type = o.type ?? (given.every(Number.isInteger) ? "int" : "float");
    const min = o.min ?? 0;
    const span = type === "int" ? 100 : 1;
    const max = o.max ?? (min < span ? span : min + span);
    const step = o.step ?? (type === "int" ? 1 : (max - min) / 100);
    const value = o.value ?? min;
    if (type === "int" && !given.every(Number.isInteger)) {
      throw fail(
        `an int slider takes whole numbers; got ${JSON.stringify({ min: o.min, max: o.max, step: o.step, value: o.value })}`,
        'give whole numbers, or type: "float"',
      );
    }
    if (!(max > min))
      throw fail(`max must be above min; got min ${min}, max ${max}`, "e.g. slider({ min: 0, max: 10 })");
    if (!(step > 0)) throw fail(`step must be positive; got ${step}`, "e.g. slider({ step: 0.1 })");
    if (value < min || value > max) {
      throw fail(
        `value must lie in [min, max] = [${min}, ${max}]; got ${value}`,
        "give a value in range, or widen min/max",
      );
    }
    checkCommonOptions("slider()", o);
    const definition = type === "int" ? WIDGET_MODELS.IntSliderModel : WIDGET_MODELS.FloatSliderModel;
    const model = target.widgets.create(
      definition,
      {
        min,
        max,
        step,
        value,
        description: o.description ?? "",
        continuous_update: o.continuousUpdate ?? true,
        disabled: o.disabled ?? false,
        readout_format: type === "int" ? "d" : `.${decimalsOf(step)}f`,
      },
      target.publish,
    );
    return new Slider(model, target, type, o.onChange);
  }

  get value(): number {
    return this.model.get("value") as number;
  }

  /** Moves the slider in every browser showing it, and calls onChange. */
  set value(v: number) {
    this.model.set({ value: this.checked(v, "value") });
  }

  get min(): number {
    return this.model.get("min") as number;
  }

  set min(v: number) {
    this.model.set({ min: this.checked(v, "min") });
  }

  get max(): number {
    return this.model.get("max") as number;
  }

  set max(v: number) {
    this.model.set({ max: this.checked(v, "max") });
  }

  get step(): number {
    return this.model.get("step") as number;
  }

  set step(v: number) {
    this.model.set({ step: this.checked(v, "step") });
  }

  get disabled(): boolean {
    return this.model.get("disabled") as boolean;
  }

  set disabled(v: boolean) {
    this.model.set({ disabled: v });
  }

  protected textFields(): Record<string, unknown> {
    return {
      value: this.value,
      min: this.min,
      max: this.max,
      step: this.step,
      description: this.description,
    };
  }

  private checked(v: number, name: string): number {
    const ok = typeof v === "number" && (this.type === "int" ? Number.isInteger(v) : Number.isFinite(v));
    if (!ok) {
      throw new InvalidControlError(
        `${this.model.label}: ${name} must be ${this.type === "int" ? "a whole number" : "a finite number"}; ` +
          `got ${JSON.stringify(v)}. Fix: e.g. ${name === "value" ? "s.value" : `s.${name}`} = ${this.value}.`,
      );
    }
    if (name === "value" && (v < this.min || v > this.max)) {
      throw new InvalidControlError(
        `${this.model.label}: value must lie in [min, max] = [${this.min}, ${this.max}]; got ${v}. ` +
          "Fix: set a value in range, or widen min/max first.",
      );
    }
    return v;
  }
}

/** Decimals a readout needs to show a step exactly (at most 6): 0.01 → 2, 0.25 → 2, 5 → 0. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 6;
}
