import { type ControlTarget, controlTarget } from "./ControlTarget";
import { Label, type TextOptions } from "./Label";
import { makeTextModel } from "./makeTextModel";
import { WIDGET_MODELS } from "./widgetModels";

/**
 * HTML markup (ipywidgets' HTML widget) shown in the calling cell; setting `value` replaces it in
 * every browser showing it. The front end sanitizes it as it does any widget HTML.
 *
 * @example
 * const board = html("<b>no batch yet</b>");
 * counts.foreachRDD((rdd) => (board.value = `<b>${rdd.count()}</b> distinct words`));
 */
export function html(markup = "", options: TextOptions = {}): Html {
  return Html.create(controlTarget("html()", options), markup, options).show(options.output);
}

/** The handle html() returns: a Label whose value is HTML. */
export class Html extends Label {
  /** Makes the model without showing it (html() shows it). */
  static override create(target: ControlTarget, markup: string, o: TextOptions): Html {
    return new Html(makeTextModel(target, WIDGET_MODELS.HTMLModel, "html()", markup, o), target);
  }
}
