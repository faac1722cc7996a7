import * as http from "node:http";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type HttpInputDStream,
  IllegalArgumentError,
  Milliseconds,
  type ReceiverInfo,
  Seconds,
  StreamingContext,
} from "../../../../engine";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";

let blocker: net.Server | undefined;
afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  blocker?.close();
  blocker = undefined;
});

/** POSTs `body` with real fetch; the answer's status and JSON body. */
async function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { method: "POST", body, headers });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** A context with an httpStream on a free port, started and bound. */
async function startedStream<T = unknown>(options: Parameters<StreamingContext["httpStream"]>[0]) {
  const ctx = await manualContext();
  const stream: HttpInputDStream<T> = ctx.ssc.httpStream<T>(options);
  const out = collectOutput(stream);
  const batches = collectBatches(ctx.ssc);
  ctx.ssc.start();
  await until(() => stream.receiverInfo.active, "the endpoint is bound");
  return { ...ctx, stream, out, batches, url: stream.url! };
}

const json = { "content-type": "application/json" };

describe("httpStream: POSTed records of each format arrive once, in the batch they were stored in", () => {
  it("reads JSON arrays and objects, NDJSON, text lines, and untyped bodies by their first character", async () => {
    const { clock, stream, out, url } = await startedStream({ port: 0 });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(url).not.toBe("http://127.0.0.1:0/");
    expect(stream.receiverInfo.name).toBe(`http endpoint ${url}`);

    expect(await post(url, '[{"x":1},{"x":2}]', json)).toMatchObject({ status: 200, json: { stored: 2 } });
    expect((await post(url, '{"x":3}', { "content-type": "application/json; charset=utf-8" })).json).toEqual({
      stored: 1,
    });
    await clock.advance(Seconds(1));

    const ndjson = '{"y":1}\n\n{"y":2}\r\n{"y":3}';
    expect((await post(url, ndjson, { "content-type": "application/x-ndjson" })).json).toEqual({ stored: 3 });
    expect((await post(url, "one\r\ntwo\n\nthree", { "content-type": "text/plain" })).json).toEqual({
      stored: 4,
    });
    // No Content-Type (a raw body), and curl -d's form type: the body's first character decides.
    expect((await post(url, new TextEncoder().encode(' [{"z":1}]'))).json).toEqual({ stored: 1 });
    const form = { "content-type": "application/x-www-form-urlencoded" };
    expect((await post(url, "plain words", form)).json).toEqual({ stored: 1 });
    expect((await post(url, "", json)).json).toEqual({ stored: 0 });
    await clock.advance(Seconds(1));
    await clock.advance(Seconds(1));

    expect(out).toEqual([
      { time: 1000, records: [{ x: 1 }, { x: 2 }, { x: 3 }] },
      {
        time: 2000,
        records: [{ y: 1 }, { y: 2 }, { y: 3 }, "one", "two", "", "three", { z: 1 }, "plain words"],
      },
      { time: 3000, records: [] },
    ]);
    expect(stream.receiverInfo).toMatchObject({ recordsStored: 12, badRecords: 0 });
  });

  it("takes Apache Flume's JSON events as { headers, body } records, and refuses an event without headers", async () => {
    const { clock, stream, out, batches, url } = await startedStream({ port: 0, format: "flume" });
    const events = [
      { headers: { host: "web1", level: "INFO" }, body: "GET /index.html 200", extra: 1 },
      { headers: {}, body: "" },
    ];
    expect(await post(url, JSON.stringify(events), json)).toMatchObject({ status: 200, json: { stored: 2 } });
    const bad = await post(
      url,
      JSON.stringify([{ headers: { a: "b" }, body: "ok" }, { body: "no headers" }]),
      json,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/Flume event 1 has no "headers" object\. Fix: send Flume's JSON events/);
    expect((await post(url, JSON.stringify([{ headers: {}, body: 42 }]), json)).json.error).toMatch(
      /event 0 has no string "body"/,
    );
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([
      { headers: { host: "web1", level: "INFO" }, body: "GET /index.html 200" },
      { headers: {}, body: "" },
    ]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 2,
      badRecords: 2,
    });
  });
});

describe("httpStream: 200 only once stored", () => {
  it("answers only when the rate admits the records: a sender over the rate gets slower 200s", async () => {
    const { clock, stream, out, url } = await startedStream({ port: 0, maxRate: 5 });
    const tenRecords = JSON.stringify(Array.from({ length: 10 }, (_, i) => i));
    let answered = false;
    const first = post(url, tenRecords, json).then((r) => {
      answered = true;
      return r;
    });
    await until(() => stream.receiverInfo.recordsStored === 10, "the block handed to the receiver");
    await new Promise((resolve) => setTimeout(resolve, 50)); // real time passes; the clock does not
    expect(answered).toBe(false);
    await clock.advance(Milliseconds(200)); // one permit at 5/s: the block goes whole, in debt for 9
    expect(await first).toMatchObject({ status: 200, json: { stored: 10 } });

    answered = false;
    const second = post(url, tenRecords, json).then((r) => {
      answered = true;
      return r;
    });
    await until(() => stream.receiverInfo.recordsStored === 20, "the second block handed to the receiver");
    await clock.advance(Milliseconds(1800)); // at 2000 ms the debt is paid, but a permit is still missing
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    await clock.advance(Milliseconds(200));
    expect((await second).status).toBe(200);
    await clock.advance(Milliseconds(800));
    expect(out.map((b) => b.records.length)).toEqual([10, 0, 10]);
  });
});

describe("httpStream: refused requests store nothing, and say why with the fix", () => {
  it("answers 413 past maxBodyBytes, whether Content-Length says so up front or the body runs over", async () => {
    const { clock, stream, out, url } = await startedStream({ port: 0, maxBodyBytes: 100 });
    const upFront = await post(url, JSON.stringify(Array.from({ length: 100 }, (_, i) => i)), json);
    expect(upFront.status).toBe(413);
    expect(upFront.json.error).toMatch(/more than 100 bytes was refused \(413\)\. Fix: .*raise maxBodyBytes/);

    let chunks = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        controller.enqueue(new TextEncoder().encode("line of text\n".repeat(1000)));
      },
    });
    const streamed = await fetch(url, { method: "POST", body: endless, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413); // answered although the body never ends
    expect(chunks).toBeGreaterThan(0);

    expect((await post(url, "[1]", json)).status).toBe(200);
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([1]);
    expect(stream.receiverInfo).toMatchObject({ recordsStored: 1, badRecords: 2 });
  });

  it("answers 400 for a malformed body, stores none of its records, and counts it as a bad record", async () => {
    const { clock, stream, out, batches, url } = await startedStream({ port: 0 });
    const errors: ReceiverInfo[] = [];
    stream.ssc.addStreamingListener({ onReceiverError: (info) => errors.push(info) });

    const truncated = await post(url, '[{"x":1},{"x":', json);
    expect(truncated.status).toBe(400);
    expect(truncated.json).toMatchObject({ stored: 0 });
    expect(truncated.json.error).toMatch(
      /the body is not valid JSON \(.*\)\. Fix: send a JSON array.*Nothing of/,
    );

    const ndjson = await post(url, '{"ok":1}\n{"ok":\n{"ok":3}\n', {
      "content-type": "application/x-ndjson",
    });
    expect(ndjson.json.error).toMatch(/line 2 of the body is not valid JSON/);
    const latin1 = await post(url, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), {
      "content-type": "text/plain",
    });
    expect(latin1.json.error).toMatch(/not valid UTF-8\. Fix: encode the records as UTF-8/);
    const xml = await post(url, "<a/>", { "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    expect(xml.json.error).toMatch(/does not read Content-Type application\/xml\. Fix: send Content-Type/);

    expect((await post(url, '["good"]', json)).status).toBe(200);
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual(["good"]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 1,
      badRecords: 4,
    });
    expect(stream.receiverInfo).toMatchObject({ state: "active", recordsStored: 1, badRecords: 4 });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(/^http endpoint http.*: a POST was refused \(415\)/);
    expect(errors).toHaveLength(1); // listeners hear of bad records once per batch
  });

  it("answers 401 without the token or with a wrong one, and 200 with the right one", async () => {
    const { clock, stream, out, url } = await startedStream({ port: 0, token: "s3cret" });
    const missing = await post(url, "[1]", json);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect(missing.json.error).toMatch(
      /without a token \(401\)\. Fix: send the header `Authorization: Bearer/,
    );
    const wrong = await post(url, "[2]", { ...json, authorization: "Bearer s3cre7" });
    expect(wrong.json.error).toMatch(/with a wrong token/);
    expect((await post(url, "[3]", { ...json, authorization: "Basic s3cret" })).status).toBe(401);
    expect(stream.receiverInfo.lastErrorMessage).toMatch(/a POST came without a token \(401\)\. Fix/);

    expect(await post(url, "[4]", { ...json, authorization: "Bearer s3cret" })).toMatchObject({
      status: 200,
      json: { stored: 1 },
    });
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([4]);
  });

  it("answers 404 on another path, 405 for methods other than POST, and a status to GET", async () => {
    const { stream, url } = await startedStream({ port: 0, path: "/events" });
    expect(url).toMatch(/\/events$/);
    const origin = url.replace(/\/events$/, "");
    const elsewhere = await post(`${origin}/other`, "[1]", json);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json.error).toBe(`nothing is served at /other. Fix: POST the records to ${url}.`);
    const put = await fetch(url, { method: "PUT", body: "[1]" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST, GET");
    expect(((await put.json()) as { error: string }).error).toMatch(/PUT is not accepted\. Fix: POST/);
    const status = await fetch(`${url}?verbose`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ url });
    expect(stream.receiverInfo).toMatchObject({ recordsStored: 0, badRecords: 0 });
  });
});

describe("httpStream: binding, restarting and stopping", () => {
  it("reports a port in use with the fix, and binds once the port is free and the backoff has passed", async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const { ssc, clock } = await manualContext();
    const stream = ssc.httpStream<number>({ port });
    const out = collectOutput(stream);
    const errors: ReceiverInfo[] = [];
    ssc.addStreamingListener({ onReceiverError: (info) => errors.push(info) });
    ssc.start();
    await until(() => errors.length > 0, "the bind error reported");
    expect(stream.receiverInfo.state).toBe("restarting");
    const message = errors[0]!.lastErrorMessage!;
    expect(message).toContain(
      `http endpoint http://127.0.0.1:${port}/ failed to start: port ${port} on 127.0.0.1`,
    );
    expect(message).toMatch(/is already in use \(.*EADDRINUSE.*\)\. Fix: stop the program that holds it/);
    expect(message).toMatch(/port: 0 picks a free one/);

    await new Promise<void>((resolve) => blocker!.close(() => resolve()));
    await clock.advance(Milliseconds(500));
    await until(() => stream.receiverInfo.active, "bound after the backoff");
    expect(stream.url).toBe(`http://127.0.0.1:${port}/`);
    expect((await post(stream.url!, "[7]", json)).status).toBe(200);
    await clock.advance(Milliseconds(500));
    expect(out[0]!.records).toEqual([7]);
  });

  it("closes the port on stop; a request still being sent is cut off, one waiting for the rate is answered", async () => {
    const { ssc, stream, url } = await startedStream({ port: 0, maxRate: 1 });
    const port = Number(new URL(url).port);
    const waiting = post(url, "[1,2,3]", json);
    await until(() => stream.receiverInfo.recordsStored === 3, "a block waiting for the rate limiter");

    const halfSent = http.request(url, { method: "POST", headers: json });
    const cutOff = new Promise<string>((resolve) => {
      halfSent.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      halfSent.on("response", (res) => resolve(`answered ${res.statusCode}`));
    });
    halfSent.write('[{"partial":');
    await until(() => stream.receiver.pendingRequests === 2, "one request waiting, one being read");

    await ssc.stop();
    expect(await waiting).toMatchObject({ status: 200, json: { stored: 3 } });
    expect(await cutOff).toBe("ECONNRESET");
    expect(stream.receiverInfo).toMatchObject({ state: "stopped", recordsStored: 3 });
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.on("connect", () => resolve("connected"));
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(refused).toBe("ECONNREFUSED");
  });

  it("refuses bad options when the stream is defined, saying the fix", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.httpStream({ port: 70000 })).toThrow(/port must be an integer from 0 to 65535.*Fix/);
    expect(() => ssc.httpStream({ port: 0, path: "events" })).toThrow(IllegalArgumentError);
    expect(() => ssc.httpStream({ port: 0, format: "xml" as never })).toThrow(/format must be one of auto/);
    expect(() => ssc.httpStream({ port: 0, maxBodyBytes: 0 })).toThrow(
      /maxBodyBytes must be a positive number/,
    );
    expect(() => ssc.httpStream({ port: 0, token: "" })).toThrow(/token must be a non-empty string/);
  });
});
