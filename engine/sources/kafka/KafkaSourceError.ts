import { DStreamLabError } from "../../errors";

/**
 * A Kafka source's problem with its cluster (brokers unreachable, a topic missing, a commit
 * refused): the message names the brokers, the problem and the fix. Posted to the context's
 * listeners (onError) and kept on the stream's status; the stream retries with backoff.
 */
export class KafkaSourceError extends DStreamLabError {}
