import { describe, expect, it } from "vitest";
import { sentenceGenerator, Time } from "../../../engine";

describe("sentenceGenerator", () => {
  it("gives linesPerBatch lines of wordsPerLine words", () => {
    const lines = sentenceGenerator({ linesPerBatch: 3, wordsPerLine: 4 })(new Time(1000));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.split(" ")).toHaveLength(4);
  });

  it("defaults to 5 lines of 6 words", () => {
    const lines = sentenceGenerator()(new Time(1000));
    expect(lines).toHaveLength(5);
    expect(lines[0]!.split(" ")).toHaveLength(6);
  });

  it("depends only on the seed and the batch time", () => {
    const gen = sentenceGenerator({ seed: 3 });
    expect(gen(new Time(5000))).toEqual(sentenceGenerator({ seed: 3 })(new Time(5000)));
    expect(gen(new Time(5000))).not.toEqual(gen(new Time(6000)));
    expect(gen(new Time(5000))).not.toEqual(sentenceGenerator({ seed: 4 })(new Time(5000)));
  });

  it("repeats words, so a word count has counts above 1", () => {
    const words = sentenceGenerator({ linesPerBatch: 10 })(new Time(1000)).flatMap((l) => l.split(" "));
    expect(new Set(words).size).toBeLessThan(words.length);
    for (const w of words) expect(w).toMatch(/^[a-z]+$/);
  });
});
