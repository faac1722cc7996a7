import { escapeHtml } from "./escapeHtml";
import { formatCell } from "./formatCell";
import type { Table } from "./tableOf";

/**
 * An HTML table (pandas' look: the `dataframe` class that Jupyter front ends style), every value
 * escaped. `caption` goes under the table, e.g. "showing 20 of 1,000 rows".
 *
 * @example htmlTable({ columns: ["word", "n"], rows: [["a", 2]] }, "1 row")
 */
export function htmlTable(table: Table, caption?: string): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = table.rows
    .map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join("")}</tr>`)
    .join("\n");
  const foot = caption ? `\n<p><small>${escapeHtml(caption)}</small></p>` : "";
  return (
    `<table class="dataframe" border="1">\n<thead><tr style="text-align: right;">${head}</tr></thead>\n` +
    `<tbody>\n${body}\n</tbody>\n</table>${foot}`
  );
}
