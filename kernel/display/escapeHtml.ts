/**
 * Text made safe to put inside HTML: record values are user data, and a `<script>` in a string
 * must show as text, not run in the notebook.
 *
 * @example escapeHtml("a < b & c") // "a &lt; b &amp; c"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
