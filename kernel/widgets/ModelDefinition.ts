import type { Trait } from "./Trait";

/** One synced attribute: its type and its default. */
export interface AttributeDefinition {
  trait: Trait;
  default: unknown;
}

/**
 * A kind of widget model as `@jupyter-widgets/base` 2.0.0 / `@jupyter-widgets/controls` 2.0.0
 * register it (ipywidgets 8): the model and view classes the front end instantiates, and every
 * synced attribute with its type and default, as in ipywidgets' model spec
 * (packages/schema/jupyterwidgetmodels.latest.md).
 */
export interface ModelDefinition {
  /** The ipywidgets class name, for the text line that stands in for the widget: "IntSlider". */
  readonly name: string;
  readonly model: { readonly name: string; readonly module: string; readonly version: string };
  readonly view: { readonly name: string | null; readonly module: string; readonly version: string };
  /** Every synced attribute except the six `_model_*` / `_view_*` keys, which are fixed. */
  readonly attributes: Readonly<Record<string, AttributeDefinition>>;
  /** Models made with this one and referenced from it (`layout`, `style`): attribute → definition. */
  readonly parts?: Readonly<Record<string, ModelDefinition>>;
  /** A rule across attributes (a slider's value within [min, max]): the broken rule, or undefined. */
  readonly invariant?: (state: Readonly<Record<string, unknown>>) => string | undefined;
}

/** The six fixed keys every state starts with (messages.md, "Widget state"). */
export function identityState(d: ModelDefinition): Record<string, unknown> {
  return {
    _model_module: d.model.module,
    _model_module_version: d.model.version,
    _model_name: d.model.name,
    _view_module: d.view.module,
    _view_module_version: d.view.version,
    _view_name: d.view.name,
  };
}
