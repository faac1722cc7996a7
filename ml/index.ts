// Streaming ML: MLlib's streaming linear/logistic regression and k-means on DStreams, offline
// training on RDDs, model save/load. Every public export is named here.

export { LogisticRegressionModel } from "./classification/LogisticRegressionModel";
export { LogisticRegressionWithSGD } from "./classification/LogisticRegressionWithSGD";
export { StreamingLogisticRegressionWithSGD } from "./classification/StreamingLogisticRegressionWithSGD";
export { assignClusters } from "./clustering/assignClusters";
export { KMeans, type KMeansInitMode } from "./clustering/KMeans";
export { KMeansModel } from "./clustering/KMeansModel";
export { kMeansPlusPlusSeeds, localKMeans } from "./clustering/LocalKMeans";
export { StreamingKMeans } from "./clustering/StreamingKMeans";
export { StreamingKMeansModel, type TimeUnit } from "./clustering/StreamingKMeansModel";
export {
  IllegalArgumentError,
  type InvalidReason,
  InvalidRecordError,
  LabeledPointParseError,
  ModelFormatError,
  ModelNotInitializedError,
} from "./errors";
export type { ClassificationBatchMetrics } from "./evaluation/classificationMetrics";
export type { ClusteringBatchMetrics } from "./evaluation/clusteringMetrics";
export { perBatchMetrics } from "./evaluation/perBatchMetrics";
export type { RegressionBatchMetrics } from "./evaluation/regressionMetrics";
export type { TrainingSummary } from "./evaluation/TrainingSummary";
export {
  BatchValidator,
  type DroppedRecords,
  labeledPointProblem,
  type OnInvalid,
  vectorProblem,
} from "./InvalidRecords";
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelType, type SavedModel } from "./io/modelJson";
export type { ClusterStats } from "./kernels/ClusterStats";
export { formatDouble, LabeledPoint, parseVector } from "./LabeledPoint";
export { dot, squaredDistance, toArray, type VectorLike } from "./linalg/vectors";
export { loadModel, type SavedModelInstance } from "./loadModel";
export { type Gradient, LeastSquaresGradient, LogisticGradient } from "./optimization/Gradient";
export { GradientDescent } from "./optimization/GradientDescent";
export {
  isConverged,
  runMiniBatchSGD,
  type SGDParams,
  type SGDResult,
  type TrainingData,
} from "./optimization/runMiniBatchSGD";
export { SimpleUpdater, SquaredL2Updater, type Updater } from "./optimization/Updater";
export { GeneralizedLinearAlgorithm, type TrainingRun } from "./regression/GeneralizedLinearAlgorithm";
export { GeneralizedLinearModel } from "./regression/GeneralizedLinearModel";
export { LinearRegressionModel } from "./regression/LinearRegressionModel";
export { LinearRegressionWithSGD } from "./regression/LinearRegressionWithSGD";
export { StreamingLinearAlgorithm } from "./regression/StreamingLinearAlgorithm";
export { StreamingLinearRegressionWithSGD } from "./regression/StreamingLinearRegressionWithSGD";
export { BACKEND, backendReady, ready, tf } from "./tfjs";
export { SeededRandom } from "./util/random";
