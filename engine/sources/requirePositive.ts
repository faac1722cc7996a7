import { IllegalArgumentError } from "../errors";

/**
 * Throws unless `value` is undefined (the default applies) or a positive finite number: a source's
 * limit or timeout given as 0, a negative number or NaN would silently disable what it guards.
 *
 * @example requirePositive(options.maxLineBytes, "socketTextStream: maxLineBytes", "1048576");
 */
export function requirePositive(value: number | undefined, what: string, example: string): void {
  if (value === undefined) return;
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    throw new IllegalArgumentError(
      `${what} must be a positive number; got ${String(value)}. Fix: pass e.g. ${example}, or leave it out for the default.`,
    );
  }
}
