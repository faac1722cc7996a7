import { afterEach, describe, expect, it } from "vitest";
import { Milliseconds, Seconds, StreamingContext } from "../../../engine";
import { reportStreamErrors } from "../../../kernel/executor";
import { cellOutputStorage } from "../../../kernel/output";
import { TestReceiver } from "../../helpers/TestReceiver";
import { manualContext, settle } from "../../helpers/testStreams";
import { RecordingOutput } from "../display/RecordingOutput";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

// The kernel attaches reportStreamErrors to every context a cell makes; receivers run in the
// async context of the cell that started them, which is where their errors are reported.
describe("reportStreamErrors: receiver errors", () => {
  it("prints one stderr line per distinct error in the cell, however often the receiver retries", async () => {
    const { ssc, clock } = await manualContext({ receiverRestartDelay: Milliseconds(100) });
    const stream = ssc.receiverStream(new TestReceiver<string>("flaky", 4));
    stream.foreachRDD(() => {});
    const cell = new RecordingOutput();
    cellOutputStorage.run(cell, () => {
      reportStreamErrors(ssc);
      ssc.start();
    });
    await settle();
    await cellOutputStorage.run(cell, () => clock.advance(Seconds(2)));
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 4 });
    expect(cell.stderr).toBe(
      "[dstream-lab] receiver flaky (restarting): flaky failed to start: the source is not there yet\n",
    );
    expect(cell.errors).toEqual([]);
  });

  it("after 5 distinct errors in a cell, says once that the rest are in the monitor", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<string>("json feed");
    ssc.receiverStream(receiver).foreachRDD(() => {});
    const cell = new RecordingOutput();
    cellOutputStorage.run(cell, () => reportStreamErrors(ssc));
    ssc.start();
    await clock.advance(Milliseconds(0));
    cellOutputStorage.run(cell, () => {
      for (let i = 1; i <= 12; i++)
        receiver.reportError(`message ${i} is not JSON. Fix: send one JSON value per line.`);
    });
    const lines = cell.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      "[dstream-lab] receiver json feed (active): message 1 is not JSON. Fix: send one JSON value per line.",
    );
    expect(lines[4]).toContain("message 5 is not JSON");
    expect(lines[5]).toMatch(/more receiver errors follow.*monitor\(ssc\)/);
  });

  it("reports in the cell it happens in: another cell's errors are its own", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<string>("feed");
    ssc.receiverStream(receiver).foreachRDD(() => {});
    const [a, b] = [new RecordingOutput(), new RecordingOutput()];
    cellOutputStorage.run(a, () => reportStreamErrors(ssc));
    ssc.start();
    await clock.advance(Milliseconds(0));
    cellOutputStorage.run(a, () => receiver.reportError("the peer closed. Fix: restart the server."));
    cellOutputStorage.run(b, () => receiver.reportError("the peer closed. Fix: restart the server."));
    cellOutputStorage.run(b, () => receiver.reportError("the peer closed. Fix: restart the server."));
    expect(a.stderr).toMatch(/^\[dstream-lab\] receiver feed \(active\): the peer closed/);
    expect(b.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
});
