import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../../engine";
import {
  cellContaining,
  chartRowsOf,
  displaysOf,
  type ExecutedNotebook,
  errorsOf,
  executeNotebook,
  resultOf,
  stdoutOf,
} from "../helpers/executeNotebook";

// Spark's two first examples against real local servers (TCP and NDJSON over HTTP), executed
// headless through Debian's nbconvert/nbclient and our kernel, on the system clock.
describe("notebooks/04-live-sources.ipynb", () => {
  let nb: ExecutedNotebook;
  beforeAll(async () => {
    nb = await executeNotebook("04-live-sources.ipynb");
  }, 180_000);

  const cell = (text: string) => cellContaining(nb, text);
  /** A mime type's text: nbformat stores multi-line text as a list of lines. */
  const textOf = (value: unknown) => (Array.isArray(value) ? value.join("") : String(value));
  /** The batches a cell printed: each `Time: t ms` block's time and record lines, in order. */
  const printedBatches = (text: string) =>
    [...text.matchAll(/^-+\nTime: (\d+) ms\n-+\n([\s\S]*?)(?=^-{10,}$|(?![\s\S]))/gm)].map((m) => ({
      time: Number(m[1]),
      lines: m[2]!.split("\n").filter((l) => /^\(.*,\d+\)$/.test(l)),
    }));
  const printed = (text: string) => printedBatches(text).map((b) => b.lines);
  /** A batch of hashtag counts (a title such as "What the #$'! Do We Know" has a word with a #). */
  const isTags = (lines: string[]) => lines.length > 0 && lines.every((l) => /^\(#\w+,\d+\)$/.test(l));

  it("runs every cell without an error", () => {
    expect(errorsOf(nb)).toEqual([]);
  });

  it("starts both servers on loopback", () => {
    expect(textOf(resultOf(cell("textLineServer("))?.data?.["text/plain"])).toMatch(
      /titles on localhost:\d+, tweets at http:\/\/127\.0\.0\.1:\d+\/2\/tweets\/search\/stream/,
    );
  });

  it("prints word counts of the socket's lines, words from the movie titles, in several batches", () => {
    const out = stdoutOf(cell("ssc.start()"));
    const batches = printed(out);
    expect(batches.length).toBeGreaterThanOrEqual(4); // two prints a batch, for at least two batches
    const titleWords = new Set(
      readDataset("movies.json").flatMap((m) => (m.Title == null ? [] : String(m.Title).split(" "))),
    );
    const wordBatches = batches.filter((b) => b.length > 0 && !isTags(b));
    expect(wordBatches.length).toBeGreaterThanOrEqual(2);
    for (const b of wordBatches) {
      for (const line of b) {
        const [, word, n] = line.match(/^\((.*),(\d+)\)$/)!;
        expect(titleWords.has(word!), `${word} is a word of a title`).toBe(true);
        expect(Number(n)).toBeGreaterThanOrEqual(1);
      }
    }
    // Real volume: 200 lines a second give more distinct words than print() shows.
    expect(out).toMatch(/^\.\.\.$/m);
  });

  it("prints every batch's hashtag counts, most frequent first", () => {
    const tagBatches = printed(stdoutOf(cell("ssc.start()"))).filter(isTags);
    expect(tagBatches.length).toBeGreaterThanOrEqual(2);
    for (const b of tagBatches) {
      const counts = b.map((l) => Number(l.match(/^\(#\w+,(\d+)\)$/)?.[1]));
      expect(counts).not.toContain(Number.NaN);
      expect(counts).toEqual([...counts].sort((x, y) => y - x));
    }
    // The genres lead (skewed popularity): one of the big ones tops every full batch.
    const leaders = tagBatches.map((b) => b[0]!.match(/^\((#\w+),/)![1]);
    expect(leaders.some((t) => ["#Drama", "#Comedy", "#Action", "#MovieNight"].includes(t!))).toBe(true);
  });

  it("charts the window's top 10 hashtags, which hold every printed batch's counts", () => {
    const [chart] = displaysOf(cell("ssc.start()"));
    expect(textOf(chart?.data?.["text/plain"])).toContain("top hashtags");
    expect(textOf(chart!.data!["image/svg+xml"])).toMatch(/<svg[\s\S]*top hashtags/);
    const rows = chartRowsOf(chart!) as { key: string; time: number; value: number }[];
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.time)).size).toBe(1); // the latest window, one bar per tag
    const values = rows.map((r) => r.value);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    // The 5-minute window at the chart's time contains every batch printed before it, so a tag's
    // bar is at least its count in any one of them.
    const inWindow = new Map(rows.map((r) => [r.key, r.value]));
    const tagBatches = printedBatches(stdoutOf(cell("ssc.start()"))).filter(
      (b) => isTags(b.lines) && b.time <= rows[0]!.time,
    );
    let compared = 0;
    for (const line of tagBatches.flatMap((b) => b.lines)) {
      const [, tag, n] = line.match(/^\((#\w+),(\d+)\)$/)!;
      if (!inWindow.has(tag!)) continue;
      expect(inWindow.get(tag!)!).toBeGreaterThanOrEqual(Number(n));
      compared++;
    }
    expect(compared).toBeGreaterThan(3);
  });

  it("shows both receivers in the monitor, active with records, and the input rate", () => {
    const shown = displaysOf(cell("monitor(ssc)"))[0];
    const text = textOf(shown?.data?.["text/plain"]);
    expect(text).toContain("Receivers: 2 (2 active).");
    const rows = text
      .split("\n")
      .filter((l) => /^(socket localhost:\d+|ndjson http:\/\/127\.0\.0\.1)/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const [state, , , stored] = row
        .replace(/^\S+ \S+/, "")
        .trim()
        .split(/\s{2,}/);
      expect(state).toBe("active");
      expect(Number(stored)).toBeGreaterThan(50);
    }
    expect(text).toMatch(/input rate \(records\/s\)\s+[1-9]/);
    expect(textOf(shown?.data?.["text/html"])).toContain("<th>records stored</th>");
  });

  it("stops the context and closes the servers", () => {
    expect(textOf(resultOf(cell("await ssc.stop()"))?.data?.["text/plain"])).toMatch(/STOPPED/);
  });
});
