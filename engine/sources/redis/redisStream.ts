import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { RedisStreamReceiver, type RedisStreamReceiverOptions } from "./RedisStreamReceiver";

/** Options of ssc.redisStream (RedisStreamReceiver's, and maxRate). */
export interface RedisStreamOptions extends ReceiverStreamOptions, RedisStreamReceiverOptions {}

/**
 * See StreamingContext.redisStream; RedisStreamReceiver says how it reads, acknowledges and
 * restarts, and which entries can arrive twice.
 *
 * @example redisStream(ssc, { url: "redis://localhost:6379", key: "events", group: "g", consumer: "c1" }).print()
 */
export function redisStream<T>(ssc: StreamingContext, options: RedisStreamOptions): ReceiverInputDStream<T> {
  const {
    url,
    key,
    group,
    consumer,
    json,
    batchSize,
    blockMs,
    claimIdleMs,
    startId,
    client,
    ...streamOptions
  } = options ?? ({} as RedisStreamOptions);
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new IllegalArgumentError(
      `redisStream: url ${String(url)} is not a redis:// or rediss:// URL. Fix: pass the server's URL, e.g. ` +
        '"redis://localhost:6379" (with a password: "redis://:<password>@localhost:6379").',
    );
  }
  for (const [name, value, example] of [
    ["key", key, '"events"'],
    ["group", group, '"counters"'],
    ["consumer", consumer, '"worker-1"'],
  ] as const) {
    if (typeof value !== "string" || value === "") {
      throw new IllegalArgumentError(
        `redisStream: ${name} must be a non-empty string; got ${String(value)}. Fix: pass e.g. ${name}: ${example}.`,
      );
    }
  }
  if (json !== undefined && (typeof json !== "string" || json === "")) {
    throw new IllegalArgumentError(
      `redisStream: json names the field holding JSON; got ${String(json)}. Fix: pass e.g. json: "payload", ` +
        "or leave it out to get every field as text.",
    );
  }
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new IllegalArgumentError(
      `redisStream: batchSize must be a positive integer; got ${String(batchSize)}. Fix: pass e.g. 1000, or leave it out.`,
    );
  }
  requirePositive(blockMs, "redisStream: blockMs", "1000");
  requirePositive(claimIdleMs, "redisStream: claimIdleMs", "60000");
  const receiver = new RedisStreamReceiver<T>({
    url,
    key,
    group,
    consumer,
    json,
    batchSize,
    blockMs,
    claimIdleMs,
    startId,
    client,
  });
  return new ReceiverInputDStream(ssc, receiver, streamOptions, "redisStream");
}
