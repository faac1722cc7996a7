import type { Time } from "../time/Time";
import { seededRandom } from "../util/random";

const WORDS = (
  "the quick brown fox jumps over lazy dog stream batch window spark data notebook count " +
  "state river cloud sensor event time record value key join filter map reduce"
).split(" ");

export interface SentenceOptions {
  /** Lines per batch. Default 5. */
  linesPerBatch?: number;
  /** Words per line. Default 6. */
  wordsPerLine?: number;
  /** Changes the text; the same seed and batch time always give the same lines. */
  seed?: number;
}

/**
 * Ready-made text for word-count demos: pass the result to ssc.generatorStream. Each batch's
 * lines depend only on its time, so a recomputed batch gets the same text.
 *
 * @example
 * const lines = ssc.generatorStream(sentenceGenerator({ linesPerBatch: 3 }));
 */
export function sentenceGenerator(options: SentenceOptions = {}): (time: Time) => string[] {
  const { linesPerBatch = 5, wordsPerLine = 6, seed = 1 } = options;
  return (time) => {
    const rand = seededRandom(seed * 1_000_003 + time.milliseconds);
    return Array.from({ length: linesPerBatch }, () =>
      Array.from({ length: wordsPerLine }, () => WORDS[Math.floor(rand() * rand() * WORDS.length)]).join(" "),
    );
  };
}
