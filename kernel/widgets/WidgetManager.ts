import type { Comm, CommData, CommManager, CommPublish } from "../comm";
import { InvalidControlError, UnsupportedWidgetError, WidgetMessageError } from "./errors";
import { identityState, type ModelDefinition } from "./ModelDefinition";
import {
  CONTROL_PROTOCOL_VERSION,
  CONTROL_TARGET,
  MODEL_REF_PREFIX,
  WIDGET_PROTOCOL_VERSION,
  WIDGET_TARGET,
} from "./protocol";
import type { TraitContext } from "./Trait";
import { WidgetModel } from "./WidgetModel";

/** One model in `update_states`, as ipywidgets' `_handle_control_comm_msg` sends it. */
export interface ModelStateEntry {
  model_name: string;
  model_module: string;
  model_module_version: string;
  state: Record<string, unknown>;
}

/**
 * The kernel's widget models, on a CommManager: makes models (each opens a comm to
 * `jupyter.widget` with `{ state, buffer_paths }` and metadata `{ version: "2.1.0" }`), keeps them
 * by id until closed, and serves the comm target `jupyter.widget.control`, which JupyterLab's
 * widget manager opens after a page reload to fetch every model's state at once
 * (`request_states` → `update_states`). Widgets made in the front end (a comm_open to
 * `jupyter.widget`) are not supported: their comm is closed and the reason logged.
 *
 * @example
 * const widgets = new WidgetManager(comms);
 * const model = widgets.create(WIDGET_MODELS.ButtonModel, { description: "Go" }, publish);
 */
export class WidgetManager implements TraitContext {
  private readonly models = new Map<string, WidgetModel>();

  constructor(readonly comms: CommManager) {
    comms.registerTarget(WIDGET_TARGET, (comm, open) => this.frontEndWidget(comm, open));
    comms.registerTarget(CONTROL_TARGET, (comm, open) => this.controlComm(comm, open));
  }

  get(modelId: string): WidgetModel | undefined {
    return this.models.get(modelId);
  }

  hasModel(modelId: string): boolean {
    return this.models.has(modelId);
  }

  /** The open models, oldest first. */
  get open(): WidgetModel[] {
    return [...this.models.values()];
  }

  /**
   * Makes a model of `definition` with `values` over its defaults, after the models it references
   * (layout, style: the front end resolves `IPY_MODEL_<id>` when it creates the model, so they
   * must exist first). `publish` carries its comm messages. Values are checked before any comm
   * opens: a bad one is an InvalidControlError and nothing is sent.
   */
  create(definition: ModelDefinition, values: Record<string, unknown>, publish: CommPublish): WidgetModel {
    const state: Record<string, unknown> = {};
    for (const [name, a] of Object.entries(definition.attributes)) state[name] = a.default;
    const problems: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      const a = definition.attributes[name];
      if (!a) problems.push(`${definition.name} has no attribute ${JSON.stringify(name)}`);
      else if (!a.trait.accepts(value, this)) {
        problems.push(`${name} must be ${a.trait.expected}; got ${JSON.stringify(value)}`);
      } else state[name] = value;
    }
    const rule = definition.invariant?.(state);
    if (rule !== undefined) problems.push(rule);
    if (problems.length > 0) {
      throw new InvalidControlError(
        `${definition.name}: ${problems.join("; ")}. Fix: give the attributes and values the model spec ` +
          "lists (ipywidgets' packages/schema/jupyterwidgetmodels.latest.md).",
      );
    }

    const parts: WidgetModel[] = [];
    for (const [name, partDefinition] of Object.entries(definition.parts ?? {})) {
      const part = this.create(partDefinition, {}, publish);
      parts.push(part);
      state[name] = `${MODEL_REF_PREFIX}${part.id}`;
    }
    const comm = this.comms.open(
      WIDGET_TARGET,
      { state: { ...identityState(definition), ...state }, buffer_paths: [] },
      publish,
      { metadata: { version: WIDGET_PROTOCOL_VERSION } },
    );
    const model = new WidgetModel(definition, state, comm, this, parts, (closed) =>
      this.models.delete(closed.id),
    );
    this.models.set(model.id, model);
    return model;
  }

  /** `update_states`' `states`: every open model's class and full state. */
  states(): Record<string, ModelStateEntry> {
    const out: Record<string, ModelStateEntry> = {};
    for (const model of this.models.values()) {
      const d = model.definition;
      out[model.id] = {
        model_name: d.model.name,
        model_module: d.model.module,
        model_module_version: d.model.version,
        state: model.fullState(),
      };
    }
    return out;
  }

  /** A front end that opens `jupyter.widget` wants a widget made on its side: not served. */
  private frontEndWidget(_comm: Comm, open: CommData): void {
    const state = open.data.state as Record<string, unknown> | undefined;
    throw new UnsupportedWidgetError(
      `The front end asked this kernel to take over a widget it made (${String(state?._model_name ?? "no _model_name")} ` +
        `from ${String(state?._model_module ?? "no module")}); dstream-lab makes widgets only in the kernel, so ` +
        "the comm was closed. Fix: make controls from a cell (slider(), button(), toggle(), dropdown(), label(), html()).",
    );
  }

  private controlComm(comm: Comm, open: CommData): void {
    const version = String(open.metadata.version ?? "");
    if (version.split(".")[0] !== CONTROL_PROTOCOL_VERSION.split(".")[0]) {
      throw new UnsupportedWidgetError(
        `The front end opened ${CONTROL_TARGET} with protocol version ${JSON.stringify(version)}; this kernel ` +
          `speaks ${CONTROL_PROTOCOL_VERSION}, so the comm was closed (the front end then fetches each widget with ` +
          "request_state). Fix: use a front end with @jupyter-widgets/base 6 (JupyterLab 4, Notebook 7).",
      );
    }
    comm.onMsg = (msg) => {
      if (msg.data.method !== "request_states") {
        throw new WidgetMessageError(
          `${CONTROL_TARGET} got method ${JSON.stringify(msg.data.method)}; the control protocol has only ` +
            '"request_states". Fix: send { method: "request_states" }.',
        );
      }
      comm.send({ method: "update_states", states: this.states(), buffer_paths: [] });
    };
  }
}
