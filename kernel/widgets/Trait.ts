import { MODEL_REF_PREFIX } from "./protocol";

/** What a trait may ask of the widgets around it. */
export interface TraitContext {
  /** Whether a model with this id is open (for `"IPY_MODEL_<id>"` references). */
  hasModel(modelId: string): boolean;
}

/**
 * The type of one synced attribute of a widget model, as the model spec
 * (ipywidgets' packages/schema/jupyterwidgetmodels.latest.md) gives it: checks a JSON value that
 * comes from the front end or from kernel code, and says what it expected when the value is wrong.
 *
 * @example
 * Trait.int.accepts(3, ctx) // true
 * Trait.nullable(Trait.string).expected // "a string or null"
 */
export class Trait {
  constructor(
    /** What a valid value is, for error messages: "an integer", "a string or null". */
    readonly expected: string,
    private readonly test: (value: unknown, ctx: TraitContext) => boolean,
  ) {}

  accepts(value: unknown, ctx: TraitContext): boolean {
    return this.test(value, ctx);
  }

  static readonly string = new Trait("a string", (v) => typeof v === "string");
  static readonly boolean = new Trait("a boolean", (v) => typeof v === "boolean");
  static readonly int = new Trait("an integer", (v) => Number.isInteger(v));
  static readonly float = new Trait("a finite number", (v) => typeof v === "number" && Number.isFinite(v));
  /** `"IPY_MODEL_<id>"` of an open model. */
  static readonly modelRef = new Trait(
    `a reference "${MODEL_REF_PREFIX}<id>" to an open widget model`,
    (v, ctx) =>
      typeof v === "string" &&
      v.startsWith(MODEL_REF_PREFIX) &&
      ctx.hasModel(v.slice(MODEL_REF_PREFIX.length)),
  );

  static nullable(t: Trait): Trait {
    return new Trait(`${t.expected} or null`, (v, ctx) => v === null || t.accepts(v, ctx));
  }

  static oneOf(...values: string[]): Trait {
    return new Trait(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, (v) =>
      values.includes(v as string),
    );
  }

  static arrayOf(t: Trait): Trait {
    return new Trait(
      `an array, each item ${t.expected}`,
      (v, ctx) => Array.isArray(v) && v.every((x) => t.accepts(x, ctx)),
    );
  }
}
