import { inspect } from "node:util";

/**
 * One table cell's text: strings as they are, numbers and booleans as JavaScript prints them,
 * null/undefined as themselves (so a missing value is visible), anything else compactly inspected
 * and cut at `maxLength` characters.
 *
 * @example formatCell({ a: [1, 2] }) // "{ a: [ 1, 2 ] }"
 */
export function formatCell(value: unknown, maxLength = 80): string {
  const text =
    typeof value === "string"
      ? value
      : value === null || typeof value !== "object"
        ? String(value)
        : value instanceof Date
          ? value.toISOString()
          : inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 2 });
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
