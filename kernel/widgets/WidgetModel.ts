import type { Comm, CommData } from "../comm";
import { InvalidControlError, WidgetMessageError } from "./errors";
import { identityState, type ModelDefinition } from "./ModelDefinition";
import type { TraitContext } from "./Trait";

/** Where a change came from: kernel code, or an `update` from the front end. */
export type WidgetChangeSource = "kernel" | "frontend";

/** The attributes that changed in one update, old and new values. */
export interface WidgetChange {
  changes: Record<string, { old: unknown; new: unknown }>;
  source: WidgetChangeSource;
}

/** The six keys no update may change (messages.md: "assumed immutable"). */
const FIXED = [
  "_model_module",
  "_model_module_version",
  "_model_name",
  "_view_module",
  "_view_module_version",
  "_view_name",
];

/**
 * The kernel half of one widget model (widget message protocol v2, ipywidgets'
 * packages/schema/messages.md): its state, kept in sync with the front end over its comm.
 * - kernel → front end: `set()` sends `update` with the changed attributes;
 * - front end → kernel: `update` is checked attribute by attribute against the model spec, echoed
 *   back (`echo_update`, protocol 2.1, so other front ends follow) and applied; what cannot be
 *   applied is answered with an `update` holding the kernel's value and reported as a
 *   WidgetMessageError; `request_state` is answered with an `update` of the full state; `custom`
 *   goes to the custom handlers (a button's click).
 * Observers hear every change, from either side. A WidgetManager makes models.
 *
 * @example
 * const model = manager.create(WIDGET_MODELS.IntSliderModel, { value: 3, max: 10 }, publish);
 * model.observe(({ changes }) => console.log(changes.value));
 * model.set({ value: 5 }); // the browser's slider moves
 */
export class WidgetModel {
  /** Where a front-end message this model cannot apply is reported; without it, thrown to the comm layer (logged). */
  onError: ((error: Error) => void) | undefined;
  /** The front end closed the model's comm. */
  onClose: (() => void) | undefined;
  private readonly state: Record<string, unknown>;
  private readonly observers = new Set<(change: WidgetChange) => void>();
  private readonly customHandlers = new Set<(content: unknown, buffers: Buffer[]) => void>();

  constructor(
    readonly definition: ModelDefinition,
    state: Record<string, unknown>,
    readonly comm: Comm,
    private readonly context: TraitContext,
    /** The models made with this one (layout, style): closed with it. */
    readonly parts: readonly WidgetModel[] = [],
    /** Called once the model is closed, from either side (its manager forgets it). */
    private readonly onClosed: (model: WidgetModel) => void = () => {},
  ) {
    this.state = { ...state };
    comm.onMsg = (msg) => {
      try {
        this.receive(msg);
      } catch (e) {
        if (!this.onError) throw e;
        this.onError(e as Error);
      }
    };
    comm.onClose = () => {
      this.onClosed(this);
      for (const part of this.parts) part.close();
      this.onClose?.();
    };
  }

  /** The model id: its comm's id, which display_data's widget view names. */
  get id(): string {
    return this.comm.commId;
  }

  get isClosed(): boolean {
    return this.comm.isClosed;
  }

  /** `IntSlider "decay"`: the kind and description, for messages. */
  get label(): string {
    const d = this.state.description;
    return typeof d === "string" && d !== ""
      ? `${this.definition.name} ${JSON.stringify(d)}`
      : this.definition.name;
  }

  get(name: string): unknown {
    return this.state[name];
  }

  /** The whole state, as comm_open, request_state and update_states send it. */
  fullState(): Record<string, unknown> {
    return { ...identityState(this.definition), ...this.state };
  }

  /**
   * Changes attributes from kernel code: checked (InvalidControlError names the rule), applied,
   * sent to the front end as `update` and told to the observers. A closed model only keeps them.
   */
  set(values: Record<string, unknown>): void {
    const { accepted, problems } = this.check(values);
    if (problems.length > 0) {
      throw new InvalidControlError(
        `${this.label}: ${problems.join("; ")}. Fix: set values the control can take (see its min, max, ` +
          "options and types), or change those first.",
      );
    }
    const changes = this.apply(accepted);
    if (Object.keys(changes).length === 0) return;
    this.sendUpdate("update", Object.keys(changes));
    this.notify({ changes, source: "kernel" });
  }

  /** Hears every change, from kernel code or the front end. Returns the way to stop hearing. */
  observe(observer: (change: WidgetChange) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Hears the front end's `custom` messages (a button sends `{ event: "click" }`). */
  onCustom(handler: (content: unknown, buffers: Buffer[]) => void): () => void {
    this.customHandlers.add(handler);
    return () => this.customHandlers.delete(handler);
  }

  /** Closes the model and its parts: comm_close, and the front end removes its views. */
  close(): void {
    if (this.comm.isClosed) return;
    this.comm.close();
    this.onClosed(this);
    for (const part of this.parts) part.close();
  }

  /** A comm_msg from the front end (see the class comment). Throws WidgetMessageError. */
  receive(msg: CommData): void {
    const method = msg.data.method;
    if (method === "update") {
      this.receiveUpdate(msg);
      return;
    }
    if (method === "request_state") {
      this.sendUpdate("update", Object.keys(this.fullState()));
      return;
    }
    if (method === "custom") {
      if (this.customHandlers.size === 0) {
        throw this.messageError(
          `a custom message ${preview(msg.data.content)}, which ${this.definition.name} does not take`,
          "send only update and request_state to this model",
        );
      }
      for (const handler of this.customHandlers) handler(msg.data.content, msg.buffers);
      return;
    }
    throw this.messageError(
      typeof method === "string"
        ? `the unknown method ${JSON.stringify(method)}`
        : `no method (data: ${preview(msg.data)})`,
      'send data.method "update" (with state), "request_state" or "custom" (with content), as widget protocol 2 says',
    );
  }

  private receiveUpdate(msg: CommData): void {
    const incoming = msg.data.state;
    if (incoming === null || typeof incoming !== "object" || Array.isArray(incoming)) {
      throw this.messageError(
        `an update whose state is ${preview(incoming)}, not an object`,
        'send { method: "update", state: { <attribute>: <value> } }',
      );
    }
    const state = { ...(incoming as Record<string, unknown>) };
    putBuffers(state, msg.data.buffer_paths, msg.buffers);
    const { accepted, problems } = this.check(state);
    const acceptedKeys = Object.keys(accepted);
    // Echo what will be applied before applying it, as ipywidgets 8 does: a front end that sent it
    // stops ignoring echoes of the attribute once it sees its own (parent = its comm_msg).
    if (acceptedKeys.length > 0) this.sendUpdate("echo_update", acceptedKeys, accepted);
    const refused = Object.keys(state).filter((k) => !(k in accepted) && k in this.fullState());
    // The front end shows the refused value until told otherwise: `update` always applies there.
    if (refused.length > 0) this.sendUpdate("update", refused);
    const changes = this.apply(accepted);
    if (Object.keys(changes).length > 0) this.notify({ changes, source: "frontend" });
    if (problems.length > 0) {
      throw this.messageError(
        `an update it cannot apply: ${problems.join("; ")}`,
        "send values of the types the model spec gives (packages/schema/jupyterwidgetmodels.latest.md)",
        refused,
      );
    }
  }

  /** Splits values into those that may be applied and the broken rules of the others. */
  private check(values: Record<string, unknown>): { accepted: Record<string, unknown>; problems: string[] } {
    const accepted: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      const attribute = this.definition.attributes[name];
      if (FIXED.includes(name)) {
        if (value !== this.fullState()[name]) problems.push(`${name} is fixed at creation`);
      } else if (!attribute) {
        problems.push(`${this.definition.name} has no attribute ${JSON.stringify(name)}`);
      } else if (!attribute.trait.accepts(value, this.context)) {
        problems.push(`${name} must be ${attribute.trait.expected}; got ${preview(value)}`);
      } else accepted[name] = value;
    }
    const rule = this.definition.invariant?.({ ...this.state, ...accepted });
    if (rule !== undefined && Object.keys(accepted).length > 0) {
      problems.push(rule);
      for (const k of Object.keys(accepted)) delete accepted[k];
    }
    return { accepted, problems };
  }

  private apply(values: Record<string, unknown>): WidgetChange["changes"] {
    const changes: WidgetChange["changes"] = {};
    for (const [name, value] of Object.entries(values)) {
      const old = this.state[name];
      if (JSON.stringify(old) === JSON.stringify(value)) continue;
      this.state[name] = value;
      changes[name] = { old, new: value };
    }
    return changes;
  }

  private notify(change: WidgetChange): void {
    for (const observer of [...this.observers]) observer(change);
  }

  private sendUpdate(method: "update" | "echo_update", keys: string[], values = this.fullState()): void {
    if (this.comm.isClosed) return;
    const state = Object.fromEntries(keys.map((k) => [k, values[k]]));
    this.comm.send({ method, state, buffer_paths: [] });
  }

  private messageError(what: string, fix: string, kept: string[] = []): WidgetMessageError {
    const keptText =
      kept.length > 0
        ? ` The kernel kept ${kept.map((k) => `${k} = ${preview(this.state[k])}`).join(", ")} and sent it back to the front end.`
        : "";
    return new WidgetMessageError(
      `${this.label} (model ${this.id}) got ${what}.${keptText} The control keeps working. Fix: ${fix}.`,
    );
  }
}

/** A short JSON rendering of a value, for messages. */
function preview(value: unknown): string {
  if (value === undefined) return "undefined";
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

/** Puts binary buffers at their paths in the state (messages.md: `buffer_paths`). */
function putBuffers(state: Record<string, unknown>, paths: unknown, buffers: Buffer[]): void {
  if (!Array.isArray(paths)) return;
  paths.forEach((path, i) => {
    if (!Array.isArray(path) || path.length === 0 || buffers[i] === undefined) return;
    let target: any = state;
    for (const key of path.slice(0, -1)) {
      target = target?.[key];
      if (target === null || typeof target !== "object") return;
    }
    target[path[path.length - 1]] = buffers[i];
  });
}
