/** One entry of a Redis stream as read: its id and its fields, or null once deleted (trimmed). */
export interface RedisStreamEntry {
  id: string;
  /** Field/value pairs in the order XADD gave them; null for an entry deleted after delivery. */
  fields: Record<string, string> | null;
}

/** What XAUTOCLAIM answered: the entries now this consumer's, and where the next call goes on. */
export interface RedisAutoClaim {
  /** The cursor of the next call; "0-0" once the whole pending list was scanned. */
  next: string;
  entries: RedisStreamEntry[];
  /** Ids of pending entries that were deleted from the stream (Redis drops them from the list). */
  deleted: string[];
}

/**
 * The few Redis commands the stream source uses, behind an interface of ours so the receiver does
 * not depend on one client library's shapes (nodeRedisStreamClient is the one over `redis`). A
 * client holds one connection: nothing reconnects by itself (the receiver's restart does), and a
 * lost connection rejects every command in flight and calls the `onError` listener.
 *
 * @example
 * const client = nodeRedisStreamClient("redis://localhost:6379", "dstream-lab:worker-1");
 * await client.connect();
 * await client.createGroup("events", "counters", "0");
 * const entries = await client.readGroup("events", "counters", "worker-1", ">", 100, 1000);
 * await client.ack("events", "counters", entries.map((e) => e.id));
 */
export interface RedisStreamClient {
  /** Opens the connection (AUTH and SELECT from the URL included). */
  connect(): Promise<void>;
  /** XGROUP CREATE key group startId MKSTREAM; false when the group exists already. */
  createGroup(key: string, group: string, startId: string): Promise<boolean>;
  /**
   * XREADGROUP GROUP group consumer COUNT count [BLOCK blockMs] STREAMS key id: with id ">" new
   * entries, with an id the consumer's own pending entries after it. [] when there is none.
   */
  readGroup(
    key: string,
    group: string,
    consumer: string,
    id: string,
    count: number,
    blockMs?: number,
  ): Promise<RedisStreamEntry[]>;
  /** XAUTOCLAIM key group consumer minIdleMs start COUNT count. */
  autoClaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    count: number,
  ): Promise<RedisAutoClaim>;
  /** XACK key group ...ids; the number acknowledged. */
  ack(key: string, group: string, ids: string[]): Promise<number>;
  /** Calls `listener` when the connection fails or closes under it. */
  onError(listener: (error: Error) => void): void;
  /** Closes at once: commands in flight are rejected (a blocked read is given up). */
  destroy(): void;
}

/** Makes a client for `url` (credentials and database in it); `name` is its CLIENT SETNAME. */
export type RedisStreamClientFactory = (url: string, name: string) => RedisStreamClient;
