import { randomUUID } from "node:crypto";
import { Comm } from "./Comm";
import type { CommData, CommMessageOptions, CommPublish } from "./CommMessage";
import {
  CommHandlerError,
  MalformedCommMessageError,
  UnknownCommError,
  UnknownCommTargetError,
} from "./errors";

/** Called with a comm the front end opened to a registered target, and its comm_open. */
export type CommTargetHandler = (comm: Comm, open: CommData) => void;

/** The message parts besides content that the handlers of a comm receive. */
export type ReceivedParts = Omit<CommData, "data">;

/**
 * The kernel's comm registry (ipykernel's CommManager): comm targets by name and open comms by
 * id. The kernel handler feeds it the front end's comm_open / comm_msg / comm_close (receiveOpen,
 * receiveMsg, receiveClose) and answers comm_info_request from `info()`; kernel code opens comms
 * with `open()`. Problems are thrown as named errors (UnknownCommTargetError, UnknownCommError,
 * MalformedCommMessageError, CommHandlerError) for the handler to log: no comm message names a
 * cell to show them in, and none may take the kernel down.
 *
 * @example
 * const comms = new CommManager();
 * comms.registerTarget("echo", (comm) => { comm.onMsg = (m) => comm.send(m.data); });
 * comms.info("echo"); // { "<comm id>": { target_name: "echo" } } once a front end opened one
 */
export class CommManager {
  private readonly targets = new Map<string, CommTargetHandler>();
  private readonly comms = new Map<string, Comm>();

  /** Registers (or replaces) the handler of comms the front end opens to `name`. */
  registerTarget(name: string, handler: CommTargetHandler): void {
    this.targets.set(name, handler);
  }

  unregisterTarget(name: string): void {
    this.targets.delete(name);
  }

  /** The open comm with this id, if any. */
  get(commId: string): Comm | undefined {
    return this.comms.get(commId);
  }

  /** comm_info_reply's `comms`: every open comm, or those of one target, as `{ id: { target_name } }`. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (targetName === undefined || comm.targetName === targetName) {
        out[comm.commId] = { target_name: comm.targetName };
      }
    }
    return out;
  }

  /**
   * Opens a comm from the kernel: publishes comm_open `{ comm_id, target_name, data }` (with
   * `options.metadata` and buffers) through `publish`, which also carries every later message.
   */
  open(
    targetName: string,
    data: Record<string, unknown>,
    publish: CommPublish,
    options: CommMessageOptions & { commId?: string } = {},
  ): Comm {
    // ipykernel's ids are uuid4().hex; front ends take any string.
    const commId = options.commId ?? randomUUID().replace(/-/g, "");
    const comm = this.add(commId, targetName, publish);
    const { commId: _, ...messageOptions } = options;
    publish("comm_open", { comm_id: commId, target_name: targetName, data }, messageOptions);
    return comm;
  }

  /**
   * A comm_open from the front end: the target's handler gets the new comm. Throws
   * UnknownCommTargetError for an unregistered target (the caller answers it with comm_close) and
   * CommHandlerError when the handler throws (the comm is closed first, as ipykernel does).
   */
  receiveOpen(content: unknown, parts: ReceivedParts, publish: CommPublish): Comm {
    const c = contentOf("comm_open", content);
    const commId = idOf("comm_open", c);
    if (typeof c.target_name !== "string") {
      throw new MalformedCommMessageError(
        `comm_open for comm ${JSON.stringify(commId)} has no target_name (got ${JSON.stringify(c.target_name)}). ` +
          'Fix: send content { comm_id, target_name: "<target>", data: {} }.',
      );
    }
    const handler = this.targets.get(c.target_name);
    if (!handler) throw new UnknownCommTargetError(c.target_name, commId, [...this.targets.keys()]);
    if (this.comms.has(commId)) {
      throw new MalformedCommMessageError(
        `comm_open for comm ${JSON.stringify(commId)}, which is already open (target ` +
          `${JSON.stringify(this.comms.get(commId)!.targetName)}); ignored, the open comm is kept. ` +
          "Fix: give every new comm a fresh id.",
      );
    }
    const comm = this.add(commId, c.target_name, publish);
    try {
      handler(comm, { ...parts, data: dataOf("comm_open", c, commId) });
    } catch (e) {
      comm.close();
      throw new CommHandlerError(`The ${JSON.stringify(c.target_name)} target's comm_open handler`, e);
    }
    return comm;
  }

  /** A comm_msg from the front end, handed to its comm's onMsg. */
  receiveMsg(content: unknown, parts: ReceivedParts): void {
    const c = contentOf("comm_msg", content);
    const commId = idOf("comm_msg", c);
    const comm = this.comms.get(commId);
    if (!comm) throw new UnknownCommError("comm_msg", commId);
    const data = dataOf("comm_msg", c, commId);
    try {
      comm.receive({ ...parts, data });
    } catch (e) {
      throw new CommHandlerError(`comm_msg on comm ${JSON.stringify(commId)} (target ${comm.targetName})`, e);
    }
  }

  /** A comm_close from the front end: the comm is closed and its onClose runs. */
  receiveClose(content: unknown, parts: ReceivedParts): void {
    const c = contentOf("comm_close", content);
    const commId = idOf("comm_close", c);
    const comm = this.comms.get(commId);
    if (!comm) throw new UnknownCommError("comm_close", commId);
    const data = dataOf("comm_close", c, commId);
    try {
      comm.receiveClose({ ...parts, data });
    } catch (e) {
      throw new CommHandlerError(
        `comm_close of comm ${JSON.stringify(commId)} (target ${comm.targetName})`,
        e,
      );
    }
  }

  private add(commId: string, targetName: string, publish: CommPublish): Comm {
    const comm = new Comm(commId, targetName, publish, (closed) => {
      if (this.comms.get(closed.commId) === closed) this.comms.delete(closed.commId);
    });
    this.comms.set(commId, comm);
    return comm;
  }
}

function contentOf(msgType: string, content: unknown): Record<string, unknown> {
  if (content === null || typeof content !== "object" || Array.isArray(content)) {
    throw new MalformedCommMessageError(
      `${msgType} content must be an object; got ${JSON.stringify(content)}. Fix: send { comm_id, data, … }.`,
    );
  }
  return content as Record<string, unknown>;
}

function idOf(msgType: string, c: Record<string, unknown>): string {
  if (typeof c.comm_id !== "string" || c.comm_id === "") {
    throw new MalformedCommMessageError(
      `${msgType} needs a comm_id string; got ${JSON.stringify(c.comm_id)}. Fix: send the id the comm was opened with.`,
    );
  }
  return c.comm_id;
}

/** content.data: an object; a missing one counts as {} (some front ends leave it out of comm_close). */
function dataOf(msgType: string, c: Record<string, unknown>, commId: string): Record<string, unknown> {
  if (c.data === undefined || c.data === null) return {};
  if (typeof c.data !== "object" || Array.isArray(c.data)) {
    throw new MalformedCommMessageError(
      `${msgType} on comm ${JSON.stringify(commId)}: data must be an object; got ${JSON.stringify(c.data)}. ` +
        "Fix: send content.data as {…}.",
    );
  }
  return c.data as Record<string, unknown>;
}
