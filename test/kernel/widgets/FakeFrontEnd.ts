import type { CommManager } from "../../../kernel/comm";
import type { SentComm } from "./RecordingCommOutput";

/** The front end's copy of one model. */
export interface FrontEndModel {
  id: string;
  state: Record<string, any>;
  closed: boolean;
}

/**
 * A stand-in for JupyterLab's widget manager, as far as the kernel can tell: it builds its models
 * from the kernel's comm_open messages and applies `update` / `echo_update` to them, and sends
 * what a browser would (an update when a slider moves, `custom { event: "click" }`, request_state,
 * the control comm's request_states) straight into the kernel's CommManager, with message ids.
 */
export class FakeFrontEnd {
  readonly models = new Map<string, FrontEndModel>();
  /** Every comm message from the kernel, in order, with the msg id it answered (its parent). */
  readonly received: (SentComm & { parent: string | undefined })[] = [];
  /** The msg id of the message being "handled" by the kernel now: the parent of what it sends. */
  private handling: string | undefined;
  private counter = 0;

  constructor(private readonly comms: CommManager) {}

  /** Feed every comm message a cell's output carries into this. */
  readonly receive = (m: SentComm): void => {
    this.received.push({ ...m, parent: this.handling });
    const id = m.content.comm_id as string;
    if (m.msgType === "comm_open" && m.content.target_name === "jupyter.widget") {
      this.models.set(id, { id, state: { ...m.content.data.state }, closed: false });
    } else if (m.msgType === "comm_msg") {
      const data = m.content.data;
      if (data.method === "update" || data.method === "echo_update") {
        const model = this.models.get(id);
        if (model) Object.assign(model.state, data.state);
      }
    } else if (m.msgType === "comm_close") {
      const model = this.models.get(id);
      if (model) model.closed = true;
    }
  };

  /**
   * Opens the control comm as JupyterLab does after a page reload (comm_open to
   * jupyter.widget.control, metadata { version }); returns its id.
   */
  openControlComm(version = "1.0.0"): string {
    const commId = `control-${++this.counter}`;
    const msgId = `fe-${this.counter}`;
    this.handling = msgId;
    try {
      this.comms.receiveOpen(
        { comm_id: commId, target_name: "jupyter.widget.control", data: {} },
        { metadata: { version }, buffers: [], msgId },
        (msgType, content, options) => this.receive({ msgType, content, metadata: options?.metadata }),
      );
    } finally {
      this.handling = undefined;
    }
    return commId;
  }

  model(id: string): FrontEndModel {
    const model = this.models.get(id);
    if (!model) throw new Error(`the front end has no model ${id}`);
    return model;
  }

  /** A comm_msg to the kernel; returns its msg id. Throws what the kernel's CommManager throws. */
  send(commId: string, data: Record<string, unknown>): string {
    const msgId = `fe-${++this.counter}`;
    this.handling = msgId;
    try {
      this.comms.receiveMsg({ comm_id: commId, data }, { metadata: {}, buffers: [], msgId });
    } finally {
      this.handling = undefined;
    }
    return msgId;
  }

  /** The user moved a control: `update` with the new state, as @jupyter-widgets/base sends it. */
  update(commId: string, state: Record<string, unknown>): string {
    return this.send(commId, { method: "update", state, buffer_paths: [] });
  }

  click(commId: string): string {
    return this.send(commId, { method: "custom", content: { event: "click" } });
  }

  /** Messages the kernel sent while handling `msgId`. */
  answersTo(msgId: string): (SentComm & { parent: string | undefined })[] {
    return this.received.filter((m) => m.parent === msgId);
  }
}
