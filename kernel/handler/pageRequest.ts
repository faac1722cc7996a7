/**
 * IPython's help syntax: a cell that is just `name?` or `?name` (a dotted name) asks for the
 * name's documentation in the pager instead of running. Returns the name, or undefined.
 *
 * @example pageRequest("sc.parallelize?") // "sc.parallelize"
 */
export function pageRequest(code: string): string | undefined {
  const m =
    /^\s*(?:\?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\?)\s*$/.exec(
      code,
    );
  return m ? (m[1] ?? m[2]) : undefined;
}
