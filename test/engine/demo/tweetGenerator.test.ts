import { describe, expect, it } from "vitest";
import { IllegalArgumentError, readDataset, tweetGenerator } from "../../../engine";

const START = Date.UTC(2026, 10, 2, 10, 0, 0);

/** The first hashtag (the genre) of tweets [from, to). */
function genreCounts(
  tweetAt: ReturnType<typeof tweetGenerator>,
  from: number,
  to: number,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (let k = from; k < to; k++) {
    const tag = tweetAt(k).data.entities.hashtags[0]!.tag;
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return counts;
}

const ranked = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]).map(([t]) => t);

describe("tweetGenerator", () => {
  it("writes tweets about real films of movies.json, with their genre as the first hashtag", () => {
    const titles = new Set(readDataset("movies.json").map((m) => String(m.Title)));
    const tweetAt = tweetGenerator({ seed: 3, startMs: START });
    for (let k = 0; k < 200; k++) {
      const { text, entities } = tweetAt(k).data;
      const title = text.match(/"(.+?)"(?= \(| is| still| tonight| this| back| and)/)?.[1];
      expect(titles.has(title!), `${text}: ${title}`).toBe(true);
      expect([
        "Drama",
        "Comedy",
        "Action",
        "Thriller",
        "Adventure",
        "Horror",
        "RomCom",
        "Musical",
        "Documentary",
        "Western",
        "BlackComedy",
        "Concert",
      ]).toContain(entities.hashtags[0]!.tag);
    }
  });

  it("times tweet k at k / tweetsPerSecond after startMs, with a snowflake id that grows with it", () => {
    const tweetAt = tweetGenerator({ tweetsPerSecond: 20, startMs: START });
    expect(tweetAt(0).data.created_at).toBe("2026-11-02T10:00:00.000Z");
    expect(tweetAt(30).data.created_at).toBe("2026-11-02T10:00:01.500Z");
    expect(BigInt(tweetAt(30).data.id)).toBeGreaterThan(BigInt(tweetAt(29).data.id));
    expect(Number(BigInt(tweetAt(30).data.id) >> 22n) + 1288834974657).toBe(START + 1500);
  });

  it("depends only on the seed and k", () => {
    const a = tweetGenerator({ seed: 5, startMs: START });
    expect(a(42)).toEqual(tweetGenerator({ seed: 5, startMs: START })(42));
    expect(a(42).data.text).not.toBe(tweetGenerator({ seed: 6, startMs: START })(42).data.text);
  });

  it("makes hashtag popularity skewed, so a top-N is worth charting", () => {
    const counts = ranked(genreCounts(tweetGenerator({ startMs: START }), 0, 6000)).map(
      (t) => genreCounts(tweetGenerator({ startMs: START }), 0, 6000).get(t)!,
    );
    expect(counts[0]!).toBeGreaterThan(10 * counts[counts.length - 1]!);
    expect(counts.length).toBeGreaterThanOrEqual(10);
  });

  it("drifts: half a turn later, the leading hashtags are different", () => {
    // 50 tweets/s and a 60 s turn: tweets 0-749 are the first 15 s, 1500-2249 the third quarter.
    const tweetAt = tweetGenerator({ startMs: START, driftSeconds: 60 });
    const early = ranked(genreCounts(tweetAt, 0, 750)).slice(0, 3);
    const later = ranked(genreCounts(tweetAt, 1500, 2250)).slice(0, 3);
    expect(early).not.toEqual(later);
    expect(early[0]).not.toBe(later[0]);
  });

  it("refuses a rate or drift that is not a positive number", () => {
    expect(() => tweetGenerator({ tweetsPerSecond: 0 })).toThrow(IllegalArgumentError);
    expect(() => tweetGenerator({ driftSeconds: Number.NaN })).toThrow(
      /driftSeconds must be a positive number.*Fix/,
    );
  });
});
