import { InvalidControlError } from "./errors";

/**
 * Checks the options every control takes the same way (description, disabled, callbacks):
 * an InvalidControlError names the option, the rule and the fix.
 */
export function checkCommonOptions(
  operation: string,
  o: { description?: unknown; disabled?: unknown; onChange?: unknown; onClick?: unknown },
): void {
  const fail = (rule: string, fix: string) => new InvalidControlError(`${operation}: ${rule}. Fix: ${fix}.`);
  if (o.description !== undefined && typeof o.description !== "string") {
    throw fail(
      `description must be a string; got ${JSON.stringify(o.description)}`,
      'e.g. { description: "rate" }',
    );
  }
  if (o.disabled !== undefined && typeof o.disabled !== "boolean") {
    throw fail(
      `disabled must be true or false; got ${JSON.stringify(o.disabled)}`,
      "e.g. { disabled: true }",
    );
  }
  for (const key of ["onChange", "onClick"] as const) {
    if (o[key] !== undefined && typeof o[key] !== "function") {
      throw fail(`${key} must be a function; got ${typeof o[key]}`, `e.g. { ${key}: (v) => console.log(v) }`);
    }
  }
}
