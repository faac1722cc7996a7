/**
 * The errors ml/ throws on purpose. As in engine/errors.ts, each message says the rule that was
 * broken and how to fix it.
 */
import { DStreamLabError, IllegalArgumentError, IllegalStateError } from "../engine";

export { IllegalArgumentError };

/** A model used (trainOn, predictOn, latestModel, save) before its weights or centres were set. */
export class ModelNotInitializedError extends IllegalStateError {}

/** Why a record was rejected: the key of the per-batch drop counters. */
export type InvalidReason = "dimension" | "nonFinite" | "label" | "parse" | "type";

/**
 * A record a model cannot use: wrong dimension, NaN/Infinity, a label outside {0, 1} for
 * logistic regression, an unparseable LabeledPoint line. Thrown when the model's policy is
 * `onInvalid: "error"` (the default); with `"drop"` the record is skipped and counted instead.
 */
export class InvalidRecordError extends DStreamLabError {
  constructor(
    readonly reason: InvalidReason,
    readonly detail: string,
    readonly record: unknown,
  ) {
    super(
      `${detail} Nothing from this batch was applied to the model. ` +
        'Fix: clean the stream first (e.g. .filter(...)), or call .setOnInvalid("drop") to drop such records ' +
        "and count them per batch (droppedRecords()).",
    );
  }
}

/** A line that is not MLlib's LabeledPoint text form `(label,[f1,f2,...])`. */
export class LabeledPointParseError extends DStreamLabError {
  constructor(readonly line: string) {
    super(
      `Cannot parse ${JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line)} as a LabeledPoint: ` +
        'the form is "(label,[f1,f2,...])", e.g. "(1.0,[2.5,-1])". Fix: correct the line, or parse with ' +
        "LabeledPoint.parseOrNull and drop what it cannot read.",
    );
  }
}

/** A saved model file that is not a model, is of another version, or has inconsistent shapes. */
export class ModelFormatError extends DStreamLabError {}
