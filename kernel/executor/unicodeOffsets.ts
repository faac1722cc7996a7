/** Jupyter counts cursor positions in code points; JavaScript strings index UTF-16 units. */
export function toUtf16Index(text: string, codePoints: number): number {
  let units = 0;
  let points = 0;
  while (points < codePoints && units < text.length) {
    const c = text.codePointAt(units)!;
    units += c > 0xffff ? 2 : 1;
    points++;
  }
  return units;
}

/** The code-point offset of a UTF-16 index (the inverse of toUtf16Index). */
export function fromUtf16Index(text: string, units: number): number {
  return Array.from(text.slice(0, units)).length;
}
