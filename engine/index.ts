// The engine's public API. Everything a notebook, a test or the ml/ and kernel/ layers may use is
// named here; anything else is internal.

export {
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  type CheckpointedRDD,
  type StreamCheckpoint,
} from "./checkpoint/Checkpoint";
export { CheckpointWriter } from "./checkpoint/CheckpointWriter";
export type { GetOrCreateOptions } from "./checkpoint/getOrCreate";
export { type LoadedCheckpoint, readLatestCheckpoint } from "./checkpoint/readLatestCheckpoint";
export { BatchContext, type BatchContextOptions } from "./context/BatchContext";
export { type DatasetRow, parseCsv, readDataset } from "./demo/readDataset";
export { type SentenceOptions, sentenceGenerator } from "./demo/sentenceGenerator";
export { type TextLineServer, type TextLineServerOptions, textLineServer } from "./demo/textLineServer";
export {
  type Tweet,
  type TweetEvent,
  type TweetGeneratorOptions,
  tweetGenerator,
} from "./demo/tweetGenerator";
export {
  TWEET_STREAM_PATH,
  type TweetServer,
  type TweetServerOptions,
  tweetServer,
} from "./demo/tweetServer";
export {
  ConstantInputDStream,
  DStream,
  ForEachDStream,
  InputDStream,
  type InputRecovery,
  type MappingFunction,
  MapWithStateDStream,
  ReceiverInputDStream,
  type ReceiverStreamOptions,
  State,
  StateSpec,
} from "./dstream/internal";
export type { WindowSpec } from "./dstream/WindowSpec";
export {
  BatchFailedError,
  CheckpointError,
  DStreamLabError,
  IllegalArgumentError,
  IllegalStateError,
  InvalidDurationError,
  InvalidWindowError,
  NonComparableKeyError,
  StateAccessError,
  TaskCancelledError,
} from "./errors";
export { type ClosureResolver, setClosureResolver } from "./executor/closureResolver";
export type { ExecutorStats, NotShippedFunction } from "./executor/ExecutorStats";
export { reviveFunction, SHIPPED_FUNCTION, type ShippedFunction } from "./executor/reviveFunction";
export { shipFunction } from "./executor/shipFunction";
export {
  type Aggregator,
  Dependency,
  type Emit,
  HashPartitioner,
  NarrowDependency,
  OneToOneDependency,
  Partitioner,
  RangePartitioner,
  RDD,
  ShuffleDependency,
  type StorageLevel,
} from "./rdd/internal";
export { type PIDOptions, PIDRateEstimator } from "./receiver/PIDRateEstimator";
export { Receiver } from "./receiver/Receiver";
export type { BackpressureOptions, ReceiverConfOptions } from "./receiver/ReceiverConf";
export type { ReceiverInfo, ReceiverState } from "./receiver/ReceiverInfo";
export type { TextFileStreamOptions } from "./sources/files/textFileStream";
export { HttpInputDStream } from "./sources/http/HttpInputDStream";
export { HttpPushReceiver, type HttpPushReceiverOptions } from "./sources/http/HttpPushReceiver";
export type { HttpStreamOptions } from "./sources/http/httpStream";
export { NdjsonHttpReceiver, type NdjsonHttpReceiverOptions } from "./sources/http/NdjsonHttpReceiver";
export type { NdjsonHttpStreamOptions } from "./sources/http/ndjsonHttpStream";
export type { FlumeEvent, PushFormat } from "./sources/http/parsePushedBody";
export type { KafkaValueAs } from "./sources/kafka/decodeMessage";
export {
  KafkaDirectInputDStream,
  type KafkaPartitionStatus,
  type KafkaSourceStatus,
} from "./sources/kafka/KafkaDirectInputDStream";
export type { KafkaSourceState, StartingOffsets } from "./sources/kafka/KafkaFetcher";
export { KafkaRDD } from "./sources/kafka/KafkaRDD";
export type { KafkaRecord } from "./sources/kafka/KafkaRecord";
export { KafkaSourceError } from "./sources/kafka/KafkaSourceError";
export type { KafkaDirectStreamOptions } from "./sources/kafka/kafkaDirectStream";
export type { OffsetRange } from "./sources/kafka/OffsetRange";
export { offsetRanges } from "./sources/kafka/offsetRanges";
export { LineSplitter, type LineSplitterOptions } from "./sources/lines/LineSplitter";
export { decodePayload, type PayloadFormat } from "./sources/mqtt/decodePayload";
export type {
  MqttConnection,
  MqttConnectionEvents,
  MqttConnectOptions,
  MqttConnector,
  MqttMessage,
} from "./sources/mqtt/MqttConnection";
export { MqttReceiver, type MqttReceiverOptions, type MqttRecord } from "./sources/mqtt/MqttReceiver";
export type { MqttStreamOptions } from "./sources/mqtt/mqttStream";
export { openMqttConnection } from "./sources/mqtt/openMqttConnection";
export type {
  NatsConnection,
  NatsConnectOptions,
  NatsConnector,
  NatsMessage,
  NatsStop,
} from "./sources/nats/NatsConnection";
export {
  NatsJetStreamReceiver,
  type NatsJetStreamReceiverOptions,
  type NatsReceiverOptions,
} from "./sources/nats/NatsJetStreamReceiver";
export type { NatsRecord } from "./sources/nats/NatsRecord";
export { NatsSubjectReceiver, type NatsSubjectReceiverOptions } from "./sources/nats/NatsSubjectReceiver";
export type { NatsStreamOptions } from "./sources/nats/natsStream";
export { openNatsConnection } from "./sources/nats/openNatsConnection";
export { nodeRedisStreamClient } from "./sources/redis/nodeRedisStreamClient";
export type {
  RedisAutoClaim,
  RedisStreamClient,
  RedisStreamClientFactory,
  RedisStreamEntry,
} from "./sources/redis/RedisStreamClient";
export {
  type RedisDelivery,
  type RedisStreamJsonRecord,
  RedisStreamReceiver,
  type RedisStreamReceiverOptions,
  type RedisStreamRecord,
} from "./sources/redis/RedisStreamReceiver";
export type { RedisStreamOptions } from "./sources/redis/redisStream";
export { SocketReceiver, type SocketReceiverOptions } from "./sources/socket/SocketReceiver";
export type { SocketTextStreamOptions } from "./sources/socket/socketTextStream";
export { WebSocketReceiver, type WebSocketReceiverOptions } from "./sources/websocket/WebSocketReceiver";
export type { WebSocketStreamOptions } from "./sources/websocket/webSocketStream";
export { BatchInfo, type OutputOperationInfo, type StreamInputInfo } from "./streaming/BatchInfo";
export {
  type RecoveryInfo,
  type StopOptions,
  StreamingContext,
  type StreamingContextOptions,
  type StreamingContextState,
} from "./streaming/StreamingContext";
export type { StreamingListener } from "./streaming/StreamingListener";
export type { Clock } from "./time/Clock";
export { Duration, Milliseconds, Minutes, Seconds } from "./time/Duration";
export { ManualClock } from "./time/ManualClock";
export { SystemClock } from "./time/SystemClock";
export { Time } from "./time/Time";
export { formatRecord } from "./util/format";
export { KeyMap } from "./util/keys";
