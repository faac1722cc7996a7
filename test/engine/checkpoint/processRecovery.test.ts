import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { describe, expect, it } from "vitest";
import { type Counts, uninterruptedWordCount } from "../../fixtures/wordCount";
import { tempDir } from "../../helpers/testStreams";

// Recovery across a real process death: the word count of test/fixtures/wordCountProcess.ts is
// killed with SIGKILL (no exit handler runs, nothing is flushed), and a second process recovers from
// what the first left on disk. The test never sleeps: it waits for the child's output lines.

const script = path.join(__dirname, "../../fixtures/wordCountProcess.ts");

type Event =
  | { event: "started"; recoveredFrom: number | null; replayed: number[] }
  | { event: "batch"; time: number; counts: Counts }
  | { event: "hanging"; time: number }
  | { event: "done" };

/** A running child: its events so far, a way to wait for one, and its exit. */
function runChild(args: (string | number)[]) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, ...args.map(String)], {
    cwd: path.join(__dirname, "../../.."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: Event[] = [];
  const waiters: { match: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    const e = JSON.parse(line) as Event;
    events.push(e);
    for (const w of waiters.filter((w) => w.match(e))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // "close", not "exit": stdout has been read to the end by then.
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (match: (e: Event) => boolean): Promise<Event> => {
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<Event>((resolve) => waiters.push({ match, resolve })),
      exited.then(({ code, signal }) => {
        throw new Error(`the child ended (code ${code}, signal ${signal}) first; stderr:\n${stderr}`);
      }),
    ]);
  };
  const batches = () =>
    events.flatMap((e) => (e.event === "batch" ? [{ time: e.time, counts: e.counts }] : []));
  return { child, events, waitFor, exited, batches, stderr: () => stderr };
}

async function kill(run: ReturnType<typeof runChild>): Promise<void> {
  run.child.kill("SIGKILL");
  expect((await run.exited).signal).toBe("SIGKILL");
}

describe("recovery in a fresh process after SIGKILL", () => {
  it("a process killed in the middle of a batch is recovered by the next one, down time included", async () => {
    const dir = tempDir("ckpt-process-");
    const first = runChild([dir, 0, 100, 6000]);
    try {
      // Batch 6000 computes its state (and writes its state checkpoint), then hangs: killed there.
      await first.waitFor((e) => e.event === "hanging");
    } finally {
      await kill(first);
    }
    expect(first.batches().map((b) => b.time)).toEqual([1000, 2000, 3000, 4000, 5000]);

    // The second process starts 4.5 s later: batches 6000 (unfinished) to 9000 (down time) are re-run.
    const second = runChild([dir, 9500, 3]);
    const { code } = await second.exited;
    expect(code, second.stderr()).toBe(0);
    expect(second.events[0]).toEqual({
      event: "started",
      recoveredFrom: 5000,
      replayed: [6000, 7000, 8000, 9000],
    });
    const recovered = second.batches();
    expect(recovered.map((b) => b.time)).toEqual([6000, 7000, 8000, 9000, 10000, 11000, 12000]);

    const reference = await uninterruptedWordCount(tempDir("ckpt-reference-"), 12);
    for (const b of [...first.batches(), ...recovered])
      expect(b.counts, `batch ${b.time}`).toEqual(reference.get(b.time));
  });

  it("a process killed wherever it happens to be is recovered from its last finished batch", async () => {
    const dir = tempDir("ckpt-process-");
    // Runs flat out (about a millisecond a batch) and is killed at whatever point it has reached:
    // possibly mid-batch, mid-way through a state checkpoint or a metadata file. Bounded at 20000 batches.
    const first = runChild([dir, 0, 20_000]);
    try {
      await first.waitFor((e) => e.event === "batch" && e.time >= 5000);
    } finally {
      await kill(first);
    }
    const lastSeen = Math.max(...first.batches().map((b) => b.time));
    expect(first.events.some((e) => e.event === "done")).toBe(false);

    const second = runChild([dir, lastSeen + 20_500, 2]);
    const { code } = await second.exited;
    expect(code, second.stderr()).toBe(0);
    const started = second.events[0] as Extract<Event, { event: "started" }>;
    // A batch prints its state before its metadata is written: the checkpoint is the last batch
    // seen, or the one before it if the kill fell in between.
    expect([lastSeen - 1000, lastSeen]).toContain(started.recoveredFrom);
    const recovered = second.batches();
    const times = recovered.map((b) => b.time);
    const expectedTimes: number[] = [];
    for (let t = started.recoveredFrom! + 1000; t <= lastSeen + 22_000; t += 1000) expectedTimes.push(t);
    expect(times).toEqual(expectedTimes);

    const reference = await uninterruptedWordCount(tempDir("ckpt-reference-"), lastSeen / 1000 + 22);
    for (const b of [...first.batches(), ...recovered])
      expect(b.counts, `batch ${b.time}`).toEqual(reference.get(b.time));
  });
});
