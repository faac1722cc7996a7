import { LogisticRegressionModel } from "./classification/LogisticRegressionModel";
import { KMeansModel } from "./clustering/KMeansModel";
import { StreamingKMeansModel } from "./clustering/StreamingKMeansModel";
import { readModelFile } from "./io/modelJson";
import { LinearRegressionModel } from "./regression/LinearRegressionModel";

/** Any model save() writes. */
export type SavedModelInstance =
  | LinearRegressionModel
  | LogisticRegressionModel
  | KMeansModel
  | StreamingKMeansModel;

/**
 * Reads any saved model, whatever its type (the file says). ModelFormatError for a file that is
 * not a model, of another format version, or with inconsistent shapes.
 *
 * @example
 * model.save("models/km.json");            // in one notebook
 * const again = loadModel("models/km.json"); // in another
 */
export function loadModel(file: string): SavedModelInstance {
  const json = readModelFile(file);
  switch (json.type) {
    case "LinearRegressionModel":
      return LinearRegressionModel.fromJSON(json);
    case "LogisticRegressionModel":
      return LogisticRegressionModel.fromJSON(json);
    case "KMeansModel":
      return KMeansModel.fromJSON(json);
    case "StreamingKMeansModel":
      return StreamingKMeansModel.fromJSON(json);
    default:
      // readModelFile checked format and version; an unknown type is from a newer writer.
      return LinearRegressionModel.fromJSON({ ...json, type: `unknown type ${String(json.type)}` });
  }
}
