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
export {
  reviveFunction,
  SHIPPED_FUNCTION,
  type ShippedFunction,
  shipFunction,
} from "./executor/shipFunction";
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
export { LineSplitter, type LineSplitterOptions } from "./sources/lines/LineSplitter";
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
