/** Longer sources are cut to this many characters. */
const MAX_CHARS = 60;

/**
 * A function's source on one line and cut short, to name it in messages and executorStats.
 * @example shortSource((w: string) => [w, 1]) // "(w) => [w, 1]"
 */
export function shortSource(fn: Function): string {
  let text: string;
  try {
    text = Function.prototype.toString.call(fn).replace(/\s+/g, " ").trim();
  } catch {
    text = fn.name || "(anonymous)";
  }
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
