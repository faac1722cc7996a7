/**
 * Pairs the tokens of two sequences along a longest common subsequence (Myers' O((N+M)·D) diff):
 * for each token of `b`, the index of the equal token of `a` it is paired with, or -1 when `b`
 * has it and `a` does not. Used to map compiled JavaScript back to the TypeScript it came from:
 * compiling only removes tokens (types) and inserts a few (`exports.x = x;`), so D stays small.
 *
 * Returns undefined when more than `maxEdits` insertions and deletions separate them: the work
 * and the memory (D² numbers) stay bounded for a pathological cell.
 *
 * @example
 * alignTokens(["const", "x", ":", "number", "=", "1"], ["const", "x", "=", "1"]); // Int32Array [0, 1, 4, 5]
 */
export function alignTokens(
  a: readonly string[],
  b: readonly string[],
  maxEdits = 4000,
): Int32Array | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[k] for k in [-d-1, d+1] as it was before step d: enough to walk back.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
          ? v[offset + k + 1]
          : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;
  const pairs = new Int32Array(m).fill(-1);
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const before = trace[d];
    const at = (k: number) => before[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs[y] = x;
    }
    x = prevX;
    y = prevY;
  }
  return pairs;
}
