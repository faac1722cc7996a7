import { afterEach, describe, expect, it } from "vitest";
import { Milliseconds, Seconds, StreamingContext } from "../../../engine";
import { monitor } from "../../../kernel/display";
import { cellOutputStorage } from "../../../kernel/output";
import { TestReceiver } from "../../helpers/TestReceiver";
import { manualContext, settle } from "../../helpers/testStreams";
import { RecordingOutput } from "./RecordingOutput";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

/** A monitor drawing into a RecordingOutput as soon as asked, and its latest text and HTML. */
function monitored(ssc: StreamingContext) {
  const out = new RecordingOutput();
  const m = cellOutputStorage.run(out, () => monitor(ssc, { minIntervalMs: 0, maxBusyFraction: 1 }));
  const text = () => String(out.latest(m.displayId)!["text/plain"]);
  const html = () => String(out.latest(m.displayId)!["text/html"]);
  return { m, out, text, html };
}

/** The row of the receivers table that starts with `name`, split on its column gaps. */
function rowOf(text: string, name: string): string[] {
  const line = text.split("\n").find((l) => l.startsWith(name));
  if (!line) throw new Error(`no row for ${name} in:\n${text}`);
  return [
    name,
    ...line
      .slice(name.length)
      .trim()
      .split(/\s{2,}/),
  ];
}

describe("monitor: receivers", () => {
  it("says none when no input stream has a receiver", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([[1]]).foreachRDD(() => {});
    const { m, text, html } = monitored(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await m.idle();
    expect(text()).toContain("Receivers: none");
    expect(text()).not.toContain("rate limit");
    expect(html()).not.toContain("records stored");
  });

  it("shows a receiver that fails to start as restarting, with its error, as soon as the listener hears of it", async () => {
    const { ssc, clock } = await manualContext();
    const stream = ssc.receiverStream(new TestReceiver<string>("flaky", 1));
    stream.foreachRDD(() => {});
    const { m, text, html } = monitored(ssc);
    await m.idle();
    expect(rowOf(text(), "flaky")).toEqual(["flaky", "not started", "none", "no", "0", "0", "0"]);
    const renders = m.renderCount;

    ssc.start(); // onStart throws at once: onReceiverError; no batch has run, the clock stands still
    await settle();
    await m.idle();
    expect(m.renderCount).toBeGreaterThan(renders);
    expect(m.completedBatches).toBe(0);
    expect(text()).toContain("Receivers: 1 (1 restarting).");
    expect(rowOf(text(), "flaky")).toEqual(["flaky", "restarting", "none", "no", "0", "0", "1"]);
    expect(text()).toContain(
      "Last error of flaky at 0 ms: flaky failed to start: the source is not there yet",
    );
    expect(html()).toContain("<th>restarts</th>");
    expect(html()).toContain("flaky failed to start: the source is not there yet");

    await clock.advance(Milliseconds(500)); // the restart: onReceiverStarted
    await m.idle();
    expect(text()).toContain("Receivers: 1 (1 active).");
    expect(rowOf(text(), "flaky")).toEqual(["flaky", "active", "none", "no", "0", "0", "1"]);
    // The latest error stays visible after recovery, as in Spark's Streaming tab.
    expect(text()).toContain("Last error of flaky at 0 ms");
  });

  it("shows each working receiver's records, rate limit and bad records, and both in the HTML table", async () => {
    const { ssc, clock } = await manualContext();
    const words = new TestReceiver<string>("words");
    const limited = new TestReceiver<string>("limited");
    ssc
      .receiverStream(words)
      .union(ssc.receiverStream(limited, { maxRate: 100 }))
      .foreachRDD(() => {});
    const { m, text, html } = monitored(ssc);
    ssc.start();
    await clock.advance(Milliseconds(0));
    words.push("a", "b", "c");
    words.reportBadRecord("line 4 is not UTF-8. Fix: send UTF-8 text.");
    limited.push("x");
    await clock.advance(Seconds(1));
    await m.idle();
    expect(text()).toContain("Receivers: 2 (2 active).");
    expect(rowOf(text(), "words")).toEqual(["words", "active", "none", "no", "3", "1", "0"]);
    expect(rowOf(text(), "limited")).toEqual(["limited", "active", "100", "no", "1", "0", "0"]);
    expect(text()).toContain("Last error of words at 0 ms: line 4 is not UTF-8. Fix: send UTF-8 text.");
    expect(html()).toMatch(/<td>words<\/td><td>active<\/td><td>none<\/td><td>no<\/td><td>3<\/td><td>1<\/td>/);
    expect(html()).toContain("<td>limited</td>");
  });

  it("shows a receiver that stopped itself as stopped, without waiting for a batch", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<string>("feed");
    ssc.receiverStream(receiver).foreachRDD(() => {});
    const { m, text } = monitored(ssc);
    ssc.start();
    await clock.advance(Milliseconds(0));
    await m.idle();
    receiver.stop("wrong credentials. Fix: pass the token.", new Error("401 Unauthorized"));
    await settle();
    await m.idle();
    expect(m.completedBatches).toBe(0);
    expect(rowOf(text(), "feed")[1]).toBe("stopped");
    expect(text()).toContain(
      "Last error of feed at 0 ms: wrong credentials. Fix: pass the token.: 401 Unauthorized",
    );
  });
});
