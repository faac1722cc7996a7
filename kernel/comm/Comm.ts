import type { CommData, CommMessageOptions, CommPublish } from "./CommMessage";
import { CommClosedError } from "./errors";

/**
 * One open comm (Jupyter messaging spec, "Custom messages"): a channel between an object in the
 * kernel and its counterpart in the front end, named by `commId` and opened to a `targetName`.
 * `send` and `close` publish comm_msg / comm_close on iopub; what the front end sends arrives in
 * `onMsg`, and `onClose` runs when the front end closes it. A CommManager makes comms and routes
 * messages to them.
 *
 * @example
 * const comm = comms.open("my.target", { hello: 1 }, publish);
 * comm.onMsg = (msg) => comm.send({ echo: msg.data });
 * comm.close();
 */
export class Comm {
  /** Each comm_msg the front end sends on this comm. */
  onMsg: ((msg: CommData) => void) | undefined;
  /** The front end closed the comm (not called for close() from the kernel, as in ipykernel). */
  onClose: ((msg: CommData) => void) | undefined;
  private closed = false;

  constructor(
    readonly commId: string,
    readonly targetName: string,
    private readonly publish: CommPublish,
    /** Removes the comm from its manager once closed. */
    private readonly forget: (comm: Comm) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends `data` to the front end (comm_msg). Throws CommClosedError once the comm is closed. */
  send(data: Record<string, unknown>, options?: CommMessageOptions): void {
    if (this.closed) throw new CommClosedError(this.commId);
    this.publish("comm_msg", { comm_id: this.commId, data }, options);
  }

  /** Closes the comm from the kernel side (comm_close); a no-op once closed. */
  close(data: Record<string, unknown> = {}, options?: CommMessageOptions): void {
    if (this.closed) return;
    this.closed = true;
    this.forget(this);
    this.publish("comm_close", { comm_id: this.commId, data }, options);
  }

  /** @internal The manager hands over a comm_msg from the front end. */
  receive(msg: CommData): void {
    this.onMsg?.(msg);
  }

  /** @internal The front end closed the comm: nothing is sent back. */
  receiveClose(msg: CommData): void {
    if (this.closed) return;
    this.closed = true;
    this.forget(this);
    this.onClose?.(msg);
  }
}
