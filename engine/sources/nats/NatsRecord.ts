/** One message a NATS source stored. */
export interface NatsRecord<D = string> {
  subject: string;
  /** The text (default), the parsed value (`json`), or a Buffer (`binary`). */
  data: D;
  /** The message's headers (a header may repeat), or undefined when it has none. */
  headers: Record<string, string[]> | undefined;
  /** JetStream: the message's sequence number in its stream (undefined for a core NATS subject). */
  seq?: number;
  /**
   * JetStream: the server's flag that it delivered this message before without an acknowledgement.
   * Not set when the server counted the earlier delivery as failed (sent to the pull request of a
   * connection that had just died), so after a restart deduplicate by `seq`, not by this flag.
   */
  redelivered?: boolean;
}
