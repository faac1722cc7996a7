import { formatCell } from "./formatCell";
import type { Table } from "./tableOf";

/**
 * A table as plain text with aligned columns (the `text/plain` twin of htmlTable, for consoles,
 * nbconvert to text, and tests). Cells are cut at 40 characters to keep lines readable.
 *
 * @example textTable({ columns: ["word", "n"], rows: [["a", 2]] })
 * // "word  n\n----  -\na     2"
 */
export function textTable(table: Table, caption?: string): string {
  const cells = table.rows.map((row) => row.map((v) => formatCell(v, 40)));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (parts: string[]) =>
    parts
      .map((p, i) => p.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const lines = [line(table.columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
  if (caption) lines.push(caption);
  return lines.join("\n");
}
