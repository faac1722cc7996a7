// biome-ignore-all assist/source/organizeImports: the order below is the load order, and it matters.

// Load order for the RDD classes: the base class before its subclasses, which extend it at load
// time. Every file in this folder imports from here so the order holds whichever file is loaded
// first (the "internal module" pattern for circular class hierarchies). Sorting these lines
// alphabetically loads CheckpointRDD before RDD and fails with "Class extends value undefined".

// No runtime dependency on RDD: dependencies, partitioners, the shuffle's read/write side.
export * from "./Dependency";
export * from "./Partitioner";
export * from "./shuffle";
// The base class, then everything that extends it.
export * from "./RDD";
export * from "./BlockRDD";
export * from "./CheckpointRDD";
export * from "./CoalescedRDD";
export * from "./CoGroupedRDD";
export * from "./MapPartitionsRDD";
export * from "./ParallelCollectionRDD";
export * from "./PartitionerAwareUnionRDD";
export * from "./PipelinedRDD";
export * from "./ShuffledRDD";
export * from "./TextFileRDD";
export * from "./UnionRDD";
export * from "./ZippedPartitionsRDD";
// These use the classes above only inside functions, so they could go anywhere; last reads best.
export * from "./combineByKeyWith";
export * from "./unionOf";
// BatchContext creates RDDs and the executor, which computes them: it lives above both.
export type { BatchContext, BatchContextOptions } from "../context/BatchContext";
export * from "./computeMapStages";
