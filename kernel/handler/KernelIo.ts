import type { JupyterMessage } from "../wire";

/**
 * Everything the handler sends, and nothing else it may touch: the server implements it over
 * ZeroMQ, tests with a recording object. This keeps the handler a pure request → messages function.
 */
export interface KernelIo {
  /** An iopub message (status, stream, execute_result, …) whose parent is `parent`. */
  publish(parent: JupyterMessage, msgType: string, content: Record<string, unknown>): void;
  /** The reply to `request`, on the channel the request came in on. */
  reply(request: JupyterMessage, msgType: string, content: Record<string, unknown>): void;
}
