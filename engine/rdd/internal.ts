// Load order for the RDD classes: the base class before its subclasses, which extend it at load
// time. Every file in this folder imports from here so the order holds whichever file is loaded
// first (the "internal module" pattern for circular class hierarchies).

export * from "./BatchContext";
export * from "./CheckpointRDD";
export * from "./CoalescedRDD";
export * from "./CoGroupedRDD";
export * from "./Dependency";
export * from "./MapPartitionsRDD";
export * from "./ParallelCollectionRDD";
export * from "./Partitioner";
export * from "./PartitionerAwareUnionRDD";
export * from "./PipelinedRDD";
export * from "./RDD";
export * from "./ShuffledRDD";
export * from "./shuffle";
export * from "./TextFileRDD";
export * from "./UnionRDD";
export * from "./ZippedPartitionsRDD";
