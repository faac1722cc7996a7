// biome-ignore-all assist/source/organizeImports: the order below is the load order, and it matters.

// Load order for the DStream classes: the base class before its subclasses, which extend it at
// load time. Every file in this folder imports from here so the order holds whichever file is
// loaded first (the "internal module" pattern for circular class hierarchies).
export * from "./DStream";
export * from "./DerivedDStream";
export * from "./InputDStream";
export * from "./TransformedDStream";
export * from "./MappedDStream";
export * from "./FlatMappedDStream";
export * from "./FilteredDStream";
export * from "./MapPartitionedDStream";
export * from "./MapValuedDStream";
export * from "./FlatMapValuedDStream";
export * from "./ShuffledDStream";
export * from "./UnionDStream";
export * from "./WindowedDStream";
export * from "./ReducedWindowedDStream";
export * from "./StateDStream";
export * from "./MapWithStateDStream";
export * from "./ForEachDStream";
export * from "./QueueInputDStream";
export * from "./GeneratorInputDStream";
export * from "./ConstantInputDStream";
export * from "./ReceiverInputDStream";
export * from "../state/State";
export * from "../state/StateSpec";
export * from "../sinks/printBatch";
export * from "../sinks/saveAsTextFiles";
