import { createClient } from "redis";
import type { RedisAutoClaim, RedisStreamClient, RedisStreamEntry } from "./RedisStreamClient";

/** RESP2 entry as sent: [id, [field, value, ...]], or [id, null] for a deleted one. */
type RawEntry = [string, string[] | null];

/** How long connecting may take before it is given up (and retried by the receiver's restart). */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * RedisStreamClient over node-redis (`redis` on npm). Reconnection is off: a dropped connection
 * fails the commands in flight and the receiver restarts with its backoff, so there is one place
 * that decides when to try again. The stream commands go through `sendCommand` and their RESP2
 * replies are read here, which keeps the source independent of the shapes node-redis's typed
 * helpers give them (they changed between majors) and copes with deleted pending entries.
 *
 * @example const client = nodeRedisStreamClient("redis://:secret@localhost:6379/0", "dstream-lab:worker-1");
 */
export function nodeRedisStreamClient(url: string, name: string): RedisStreamClient {
  const client = createClient({
    url,
    name,
    // The replies are read here in RESP2's shapes (arrays), whatever node-redis's default.
    RESP: 2,
    socket: { reconnectStrategy: false, connectTimeout: CONNECT_TIMEOUT_MS },
  });
  const errorListeners: ((error: Error) => void)[] = [];
  // An 'error' without a listener would throw from the socket's event: always have one.
  client.on("error", (e: Error) => {
    for (const listener of errorListeners) listener(e);
  });
  const send = (args: string[]) => client.sendCommand(args) as Promise<unknown>;
  return {
    async connect() {
      await client.connect();
    },
    async createGroup(key, group, startId) {
      try {
        await send(["XGROUP", "CREATE", key, group, startId, "MKSTREAM"]);
        return true;
      } catch (e) {
        if (/^BUSYGROUP/.test((e as Error).message)) return false;
        throw e;
      }
    },
    async readGroup(key, group, consumer, id, count, blockMs) {
      const args = ["XREADGROUP", "GROUP", group, consumer, "COUNT", String(count)];
      if (blockMs !== undefined) args.push("BLOCK", String(blockMs));
      args.push("STREAMS", key, id);
      const reply = (await send(args)) as [string, RawEntry[]][] | null;
      return reply?.[0] ? toEntries(reply[0][1]) : [];
    },
    async autoClaim(key, group, consumer, minIdleMs, start, count): Promise<RedisAutoClaim> {
      const reply = (await send([
        "XAUTOCLAIM",
        key,
        group,
        consumer,
        String(minIdleMs),
        start,
        "COUNT",
        String(count),
      ])) as [string, (RawEntry | null)[], string[]?];
      const raw = reply[1].filter((e): e is RawEntry => e !== null);
      return { next: reply[0], entries: toEntries(raw), deleted: reply[2] ?? [] };
    },
    async ack(key, group, ids) {
      if (ids.length === 0) return 0;
      return (await send(["XACK", key, group, ...ids])) as number;
    },
    onError(listener) {
      errorListeners.push(listener);
    },
    destroy() {
      if (client.isOpen) client.destroy();
    },
  };
}

function toEntries(raw: RawEntry[]): RedisStreamEntry[] {
  const entries: RedisStreamEntry[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const [id, flat] = raw[i]!;
    let fields: Record<string, string> | null = null;
    if (flat) {
      fields = {};
      for (let j = 0; j + 1 < flat.length; j += 2) fields[flat[j]!] = flat[j + 1]!;
    }
    entries[i] = { id, fields };
  }
  return entries;
}
