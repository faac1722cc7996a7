import { seededRandom } from "../engine/util/random";

const VOCABULARY = Array.from({ length: 5000 }, (_, i) => {
  const rand = seededRandom(i + 1);
  const len = 2 + Math.floor(rand() * 8);
  let w = "";
  for (let j = 0; j < len; j++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
  return w;
});

/**
 * `n` lines of about `bytes` bytes each: words drawn from a 5,000-word vocabulary with a skew
 * (a few words are frequent, most are rare), as in the D-Streams paper's text workloads.
 */
export function makeLines(n: number, bytes = 100, seed = 7): string[] {
  const rand = seededRandom(seed);
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = "";
    while (line.length < bytes) {
      const w = VOCABULARY[Math.floor(rand() * rand() * VOCABULARY.length)]!;
      line = line.length === 0 ? w : `${line} ${w}`;
    }
    lines[i] = line.slice(0, bytes);
  }
  // Built by concatenation the lines are V8 ropes; real input (a socket, a file) arrives as one
  // flat buffer cut into lines, so hand the workloads that shape.
  return lines.join("\n").split("\n");
}
