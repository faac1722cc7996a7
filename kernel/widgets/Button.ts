import { Control } from "./Control";
import { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
import { checkCommonOptions } from "./checkCommonOptions";
import { InvalidControlError, WidgetMessageError } from "./errors";
import type { WidgetModel } from "./WidgetModel";
import { WIDGET_MODELS } from "./widgetModels";

/** The predefined looks of buttons (ipywidgets' button_style). */
export type ButtonStyle = "primary" | "success" | "info" | "warning" | "danger" | "";

/** button()'s options. */
export interface ButtonOptions extends ControlOptions {
  /** The button's text. */
  description?: string;
  /** Called on every click, in the cell that made the button. */
  onClick?: () => unknown;
  buttonStyle?: ButtonStyle;
  tooltip?: string;
  disabled?: boolean;
}

const STYLES: readonly string[] = ["primary", "success", "info", "warning", "danger", ""];

/**
 * A button (ipywidgets' Button) shown in the calling cell; each click in the browser (a `custom`
 * message `{ event: "click" }`) calls onClick in the cell that made it.
 *
 * @example
 * let paused = false;
 * button({ description: "pause / resume", onClick: () => (paused = !paused) });
 * lines.filter(() => !paused).count().print(); // the stream reads `paused` every batch
 */
export function button(options: ButtonOptions = {}): Button {
  return Button.create(controlTarget("button()", options), options).show(options.output);
}

/** The handle button() returns. */
export class Button extends Control {
  /** Clicks so far, from the browser or click(). */
  clicks = 0;

  private constructor(
    model: WidgetModel,
    target: ControlTarget,
    private readonly onClick: (() => unknown) | undefined,
  ) {
    super(model, target.output);
    model.onCustom((content) => {
      if ((content as { event?: unknown } | null)?.event !== "click") {
        throw new WidgetMessageError(
          `${model.label} got the custom message ${JSON.stringify(content)}; a button understands only ` +
            '{ event: "click" }. Fix: send { method: "custom", content: { event: "click" } }.',
        );
      }
      this.click();
    });
  }

  /** Makes the model without showing it (button() shows it). */
  static create(target: ControlTarget, o: ButtonOptions): Button {
    checkCommonOptions("button()", o);
    if (o.buttonStyle !== undefined && !STYLES.includes(o.buttonStyle)) {
      throw new InvalidControlError(
        `button(): buttonStyle must be one of ${STYLES.map((s) => JSON.stringify(s)).join(", ")}; got ` +
          `${JSON.stringify(o.buttonStyle)}. Fix: e.g. { buttonStyle: "primary" }.`,
      );
    }
    const model = target.widgets.create(
      WIDGET_MODELS.ButtonModel,
      {
        description: o.description ?? "",
        button_style: o.buttonStyle ?? "",
        tooltip: o.tooltip ?? null,
        disabled: o.disabled ?? false,
      },
      target.publish,
    );
    return new Button(model, target, o.onClick);
  }

  /** Clicks the button from code: counts, and calls onClick as a click in the browser would. */
  click(): void {
    this.clicks++;
    const onClick = this.onClick;
    if (onClick) this.call("onClick", () => onClick());
  }

  get disabled(): boolean {
    return this.model.get("disabled") as boolean;
  }

  /** A disabled button shows greyed out and sends no clicks. */
  set disabled(v: boolean) {
    this.model.set({ disabled: v });
  }

  get tooltip(): string | null {
    return this.model.get("tooltip") as string | null;
  }

  set tooltip(text: string | null) {
    this.model.set({ tooltip: text });
  }

  protected textFields(): Record<string, unknown> {
    return { description: this.description };
  }
}
