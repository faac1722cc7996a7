import type { JupyterMessage } from "../wire";

/** The parts of an iopub message besides its content. */
export interface PublishOptions {
  metadata?: Record<string, unknown>;
  buffers?: Buffer[];
}

/**
 * Everything the handler sends, and nothing else it may touch: the server implements it over
 * ZeroMQ, tests with a recording object. This keeps the handler a pure request → messages function.
 */
export interface KernelIo {
  /**
   * An iopub message (status, stream, execute_result, …) whose parent is `parent`. May return a
   * promise that resolves once the message has left the process: the handler awaits it before a
   * cell runs, since a cell stuck in synchronous code would otherwise hold back its own busy status.
   * `options` carries the metadata and binary buffers of comm messages (a widget's comm_open says
   * its protocol version in metadata).
   */
  publish(
    parent: JupyterMessage,
    msgType: string,
    content: Record<string, unknown>,
    options?: PublishOptions,
  ): void | Promise<void>;
  /** The reply to `request`, on the channel the request came in on. */
  reply(request: JupyterMessage, msgType: string, content: Record<string, unknown>): void;
}
