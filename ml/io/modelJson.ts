import * as fs from "node:fs";
import * as path from "node:path";
import { ModelFormatError } from "../errors";

/** The `format` field of every saved model. */
export const MODEL_FORMAT = "dstream-lab/ml-model";
/** The version this code writes and the only one it reads. */
export const MODEL_FORMAT_VERSION = 1;

/** The kinds of model a file can hold. */
export type ModelType =
  | "LinearRegressionModel"
  | "LogisticRegressionModel"
  | "KMeansModel"
  | "StreamingKMeansModel";

/** The envelope every saved model has; the rest of the fields depend on `type`. */
export interface SavedModel {
  format: typeof MODEL_FORMAT;
  version: number;
  type: ModelType;
  [field: string]: unknown;
}

/** Writes a model's JSON atomically (temp file + rename), so a reader never sees half a model. */
export function writeModelFile(file: string, json: SavedModel): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(json, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** Reads and checks a saved model's envelope: format, version and (when given) type. */
export function readModelFile(file: string, expected?: ModelType): SavedModel {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ModelFormatError(
      `Cannot read a model from ${file}: ${(e as Error).message}. Fix: pass the path model.save(path) wrote.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelFormatError(
      `${file} is not JSON, so not a saved model. Fix: pass the path model.save(path) wrote.`,
    );
  }
  return checkSavedModel(json, expected, file);
}

/** Checks an already parsed model object (what fromJSON receives). */
export function checkSavedModel(
  json: unknown,
  expected: ModelType | undefined,
  where = "the model",
): SavedModel {
  const j = json as Partial<SavedModel> | null;
  if (typeof j !== "object" || j === null || j.format !== MODEL_FORMAT) {
    throw new ModelFormatError(
      `${where} is not a saved dstream-lab model (no "format": "${MODEL_FORMAT}"). Fix: save it with model.save(path).`,
    );
  }
  if (j.version !== MODEL_FORMAT_VERSION) {
    throw new ModelFormatError(
      `${where} has model format version ${JSON.stringify(j.version)}; this version of dstream-lab reads version ` +
        `${MODEL_FORMAT_VERSION} only. Fix: save the model again with this version.`,
    );
  }
  if (expected && j.type !== expected) {
    throw new ModelFormatError(
      `${where} holds a ${String(j.type)}, not a ${expected}. Fix: load it with ${String(j.type)}.load, or loadModel().`,
    );
  }
  return j as SavedModel;
}

/** A field that must be an array of finite numbers (of length `length`, when given). */
export function numberArray(json: SavedModel, field: string, length?: number): number[] {
  const v = json[field];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
    throw new ModelFormatError(
      `The saved ${json.type} has no valid "${field}": it must be an array of finite numbers.`,
    );
  }
  if (length !== undefined && v.length !== length) {
    throw new ModelFormatError(
      `The saved ${json.type} has ${v.length} values in "${field}" where ${length} are needed: the file is inconsistent.`,
    );
  }
  return v as number[];
}

/** A field that must be a finite number. */
export function finiteNumber(json: SavedModel, field: string): number {
  const v = json[field];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ModelFormatError(`The saved ${json.type} has no valid "${field}": it must be a finite number.`);
  }
  return v;
}

/** A field that must be a non-empty array of equally long finite-number arrays. */
export function matrix(json: SavedModel, field: string): number[][] {
  const v = json[field];
  if (!Array.isArray(v) || v.length === 0) {
    throw new ModelFormatError(
      `The saved ${json.type} has no valid "${field}": it must be a non-empty array of vectors.`,
    );
  }
  const rows = v.map((_, i) => numberArray({ ...json, [`${field}[${i}]`]: v[i] }, `${field}[${i}]`));
  const dim = rows[0]!.length;
  if (dim === 0 || rows.some((r) => r.length !== dim)) {
    throw new ModelFormatError(
      `The saved ${json.type} has vectors of different lengths in "${field}": every one must have the same dimension.`,
    );
  }
  return rows;
}
