import { errorMessage } from "../../errors";

/**
 * What a failed Kafka call means and how to fix it, naming the brokers: the cluster cannot be
 * reached, a topic does not exist, or anything else the client reported (kept in brackets).
 *
 * @example
 * kafkaProblem("127.0.0.1:9092", new KafkaJSConnectionError("Connection error: connect ECONNREFUSED"))
 * // "cannot reach the Kafka brokers 127.0.0.1:9092 (Connection error: ...). Fix: start the cluster, ..."
 */
export function kafkaProblem(brokers: string, error: unknown): string {
  const detail = describe(error);
  const type = (error as { type?: string } | undefined)?.type;
  if (type === "UNKNOWN_TOPIC_OR_PARTITION" || /does not host this topic|does not exist/i.test(detail)) {
    return (
      `a topic does not exist on the Kafka brokers ${brokers} (${detail}). Fix: create it (e.g. kafka-topics.sh ` +
      "--create --topic <name>) or check the topic's name; retrying with backoff."
    );
  }
  if (
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection (error|timeout)|ECONNRESET|Closed connection/i.test(
      detail,
    )
  ) {
    return (
      `cannot reach the Kafka brokers ${brokers} (${detail}). Fix: start the cluster, or check the brokers list ` +
      '(host:port of at least one broker, e.g. "localhost:9092"); reconnecting with backoff.'
    );
  }
  return (
    `the Kafka cluster at ${brokers} failed the request (${detail}). Fix: check that the brokers are up and ` +
    "healthy, and their logs; reconnecting with backoff."
  );
}

/** The error's message with its causes' (kafkajs wraps the socket's error in a retry error). */
function describe(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    const m = errorMessage(e);
    if (!parts.includes(m)) parts.push(m);
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return parts.join(": ");
}
