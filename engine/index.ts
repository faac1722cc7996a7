// The engine's public API. Everything a notebook, a test or the ml/ and kernel/ layers may use is
// named here; anything else is internal.
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
} from "./errors";
export {
  type Aggregator,
  BatchContext,
  type BatchContextOptions,
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
export {
  ConstantInputDStream,
  DStream,
  ForEachDStream,
  InputDStream,
  MapWithStateDStream,
  State,
  StateSpec,
  type MappingFunction,
} from "./dstream/internal";
export type { Clock } from "./streaming/Clock";
export { SystemClock } from "./streaming/SystemClock";
export { ManualClock } from "./streaming/ManualClock";
export { Duration, Milliseconds, Minutes, Seconds } from "./streaming/Duration";
export { Time } from "./streaming/Time";
export { BatchInfo, type OutputOperationInfo, type StreamInputInfo } from "./streaming/BatchInfo";
export type { StreamingListener } from "./streaming/StreamingListener";
export {
  StreamingContext,
  type StreamingContextOptions,
  type StreamingContextState,
  type StopOptions,
} from "./streaming/StreamingContext";
export { sentenceGenerator, type SentenceOptions } from "./sources/sentenceGenerator";
export { KeyMap } from "./util/keys";
export { formatRecord } from "./util/format";
