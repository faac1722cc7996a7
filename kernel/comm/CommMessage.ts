/** The comm message types of the Jupyter messaging spec ("Custom messages"). */
export type CommMessageType = "comm_open" | "comm_msg" | "comm_close";

/** What travels beside a comm message's content: its metadata and binary buffers. */
export interface CommMessageOptions {
  metadata?: Record<string, unknown>;
  buffers?: Buffer[];
}

/**
 * Publishes one comm message on iopub. The kernel picks its parent header: the shell request
 * being handled at that moment (the running cell, or the front end's comm_msg), else the request
 * the comm came from (the cell that opened it, or the front end's comm_open).
 */
export type CommPublish = (
  msgType: CommMessageType,
  content: Record<string, unknown>,
  options?: CommMessageOptions,
) => void;

/** A comm_open or comm_msg from the front end, as a comm's handlers receive it. */
export interface CommData {
  /** The message's `content.data`. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  buffers: Buffer[];
  /** The message's msg_id: what the kernel's answers carry as parent (widgets' echo_update relies on it). */
  msgId: string;
}
