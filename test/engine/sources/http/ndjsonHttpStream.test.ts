import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  IllegalArgumentError,
  Milliseconds,
  type ReceiverInfo,
  Seconds,
  StreamingContext,
} from "../../../../engine";
import { collectBatches, collectOutput, manualContext, tempDir } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";

/** A real HTTP server on 127.0.0.1 whose answer each test sets; it keeps every request it got. */
interface StreamServer {
  url: string;
  port: number;
  requests: http.IncomingMessage[];
  responses: http.ServerResponse[];
  /** How the next requests are answered (the default: 200 and an open NDJSON stream). */
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** The `n`th response (from 0), once its request has arrived. */
  response(n: number): Promise<http.ServerResponse>;
}

const servers: (http.Server | https.Server)[] = [];

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const openStream = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  res.flushHeaders();
};

async function streamServer(path = "/2/tweets/search/stream"): Promise<StreamServer> {
  const requests: http.IncomingMessage[] = [];
  const responses: http.ServerResponse[] = [];
  const state: StreamServer = {
    url: "",
    port: 0,
    requests,
    responses,
    respond: openStream,
    async response(n) {
      await until(() => responses.length > n, `request ${n + 1} at the server`);
      return responses[n]!;
    },
  };
  const server = http.createServer((req, res) => {
    requests.push(req);
    responses.push(res);
    res.on("error", () => {}); // the receiver may go away mid-response
    state.respond(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}${path}`;
  return state;
}

/** Writes a chunk and waits until the kernel has it, then a little more: the next is its own chunk. */
async function writeApart(res: http.ServerResponse, data: string | Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => res.write(data, (e) => (e ? reject(e) : resolve())));
  await new Promise((resolve) => setTimeout(resolve, 15));
}

function receiverErrors(ssc: StreamingContext): string[] {
  const log: string[] = [];
  ssc.addStreamingListener({
    onReceiverError: (info: ReceiverInfo) => log.push(`${ssc.clock.now()}: ${info.lastErrorMessage}`),
  });
  return log;
}

type Tweet = { data: { id: string; text: string } };
const tweet = (id: number, text: string): Tweet => ({ data: { id: String(id), text } });
const ndjson = (...records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\r\n`).join("");

describe("ndjsonHttpStream: a long-lived NDJSON response from a real HTTP server", () => {
  it("parses each line once into the batch of its interval: lines split across chunks, keep-alives skipped", async () => {
    const server = await streamServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream<Tweet>(`${server.url}?tweet.fields=created_at`, {
      headers: { authorization: "Bearer s3cret-token" },
    });
    const out = collectOutput(stream);
    ssc.start();
    const res = await server.response(0);
    const [a, b, c, d] = [
      tweet(1, "#spark streams"),
      tweet(2, "naïve #dstreams"),
      tweet(3, "x"),
      tweet(4, "y"),
    ];
    const bytes = Buffer.from(ndjson(a, b));
    const byteCut = bytes.indexOf(Buffer.from("ï")) + 1; // between the two bytes of "ï"
    await writeApart(res, bytes.subarray(0, byteCut));
    await writeApart(res, bytes.subarray(byteCut));
    await writeApart(res, "\r\n"); // X's keep-alive
    await writeApart(res, ndjson(c));
    await until(() => stream.receiverInfo.recordsStored === 3, "three tweets stored");
    await clock.advance(Seconds(1));
    await writeApart(res, `\r\n\n${ndjson(d)}`);
    await until(() => stream.receiverInfo.recordsStored === 4, "the fourth tweet stored");
    await clock.advance(Seconds(1));
    expect(out).toEqual([
      { time: 1000, records: [a, b, c] },
      { time: 2000, records: [d] },
    ]);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer s3cret-token");
    expect(server.requests[0]!.url).toBe("/2/tweets/search/stream?tweet.fields=created_at");
    expect(stream.receiverInfo).toMatchObject({
      name: `ndjson ${server.url}`, // the query (which may hold a key) is left out
      state: "active",
      badRecords: 0,
      restarts: 0,
    });
  });

  it("reconnects when the server ends the response, storing its last line, and reads the next response", async () => {
    const server = await streamServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream<{ n: number }>(server.url);
    const out = collectOutput(stream);
    const log = receiverErrors(ssc);
    ssc.start();
    (await server.response(0)).end('{"n":1}\n{"n":2}'); // no newline after the last line
    await until(() => stream.receiverInfo.recordsStored === 2, "both lines stored");
    await until(() => log.length === 1, "the end reported");
    expect(log[0]).toBe(
      `0: 127.0.0.1:${server.port} ended the response (lines received before it ended were stored). Fix: ` +
        "nothing, if the server closes streams now and then; otherwise check its log. Reconnecting with backoff.",
    );
    await clock.advance(Milliseconds(500));
    (await server.response(1)).write('{"n":3}\n');
    await until(() => stream.receiverInfo.recordsStored === 3, "the line of the second response");
    await clock.advance(Milliseconds(500));
    expect(out.map((o) => o.records.map((r) => r.n))).toEqual([[1, 2, 3]]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 1 });
  });

  it("counts a malformed JSON line, an invalid UTF-8 line and an oversized line as bad records; the others arrive", async () => {
    const server = await streamServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream(server.url, { maxLineBytes: 100 });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    const res = await server.response(0);
    res.write(
      Buffer.concat([
        Buffer.from('{"ok":1}\n{"ok": 2,\n'), // a record cut short
        Buffer.from([0x22, 0xc3, 0x28, 0x22, 0x0a]), // "\xc3(" : a broken two-byte sequence
        Buffer.from(`{"big":"${"x".repeat(200)}"}\n   \n{"ok":3}\n`),
      ]),
    );
    await until(() => stream.receiverInfo.recordsStored === 2, "the good records");
    await until(() => stream.receiverInfo.badRecords === 3, "the bad ones counted");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([{ ok: 1 }, { ok: 3 }]);
    const input = batches[0]!.streamIdToInputInfo.get(stream.inputId)!;
    expect([input.numRecords, input.badRecords]).toEqual([2, 3]);
    expect(batches[0]!.failures).toEqual([]);
    expect(stream.receiverInfo.state).toBe("active");
    // The status names the last bad line: a JSON one now.
    res.write('{"not": json}\n');
    await until(() => stream.receiverInfo.badRecords === 4, "the fourth bad line");
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^ndjson ${server.url.replace(/[./]/g, "\\$&")}: a line is not valid JSON \\(.+\\) and was set aside\\. ` +
          "Fix: send one JSON value per line \\(NDJSON\\), each line ended by a newline\\.$",
      ),
    );
  });
});

describe("ndjsonHttpStream: refused, rate-limited and silent servers", () => {
  it("says the credentials were refused on a 401, and how to fix it; restarts with backoff", async () => {
    const server = await streamServer();
    server.respond = (_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end('{"title":"Unauthorized","status":401}');
    };
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream(server.url, { headers: { authorization: "Bearer wrong" } });
    const out = collectOutput(stream);
    const log = receiverErrors(ssc);
    ssc.start();
    await until(() => log.length === 1, "the refusal reported");
    expect(log[0]).toBe(
      `0: 127.0.0.1:${server.port} answered HTTP 401 Unauthorized: the credentials were refused. Fix: check the ` +
        'Authorization header (e.g. { headers: { authorization: "Bearer <token>" } }) and that the token is ' +
        "valid for this stream; reconnecting with backoff.",
    );
    expect(stream.receiverInfo.state).toBe("restarting");
    await clock.advance(Milliseconds(500));
    await until(() => log.length === 2, "the second refusal");
    expect(log[1]).toMatch(/^500: .* answered HTTP 401 Unauthorized: the credentials were refused/);
    server.respond = (req, res) => {
      openStream(req, res);
      res.write('{"finally":true}\n');
    };
    await clock.advance(Milliseconds(1000)); // twice the first delay
    await until(() => stream.receiverInfo.recordsStored === 1, "the record after the token was accepted");
    await clock.advance(Milliseconds(500));
    expect(out.flatMap((o) => o.records)).toEqual([{ finally: true }]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 2 });
  });

  it("waits as long as a 429's Retry-After says before reconnecting", async () => {
    const server = await streamServer();
    server.respond = (_req, res) => {
      res.writeHead(429, { "retry-after": "7" });
      res.end();
    };
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream(server.url);
    const out = collectOutput(stream);
    const log = receiverErrors(ssc);
    ssc.start();
    await until(() => log.length === 1, "the 429 reported");
    expect(log[0]).toBe(
      `0: 127.0.0.1:${server.port} answered HTTP 429 Too Many Requests: too many connections or requests. Fix: ` +
        "open one stream per token and reconnect less often; reconnecting in 7000 ms, as the server asked.",
    );
    server.respond = (req, res) => {
      openStream(req, res);
      res.write('{"after":"the wait"}\n');
    };
    await clock.advance(Milliseconds(6999));
    expect(stream.receiverInfo.state).toBe("restarting"); // the backoff alone would have retried at 500
    expect(server.requests).toHaveLength(1);
    await clock.advance(Milliseconds(1));
    await until(() => stream.receiverInfo.recordsStored === 1, "the record after the wait");
    await clock.advance(Milliseconds(1000));
    expect(out.flatMap((o) => o.records)).toEqual([{ after: "the wait" }]);
  });

  it("gives up on a server that accepts but never answers after responseTimeoutMs, and retries", async () => {
    const server = await streamServer();
    server.respond = () => {}; // headers never come
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream(server.url, { responseTimeoutMs: 100 });
    stream.foreachRDD(() => {});
    const log = receiverErrors(ssc);
    ssc.start();
    await server.response(0);
    await until(() => log.length === 1, "the response timeout");
    expect(log[0]).toBe(
      `0: 127.0.0.1:${server.port} did not answer within 100 ms (no response headers). Fix: check that the URL is ` +
        "the stream's and the server is healthy, or raise responseTimeoutMs; reconnecting with backoff.",
    );
    await clock.advance(Milliseconds(500));
    await server.response(1); // the retry reached the server
    await until(() => log.length === 2, "the second response timeout");
    expect(stream.receiverInfo).toMatchObject({ state: "restarting", restarts: 2 });
  });

  it("keeps a stream that is quiet after its headers: the response timeout is over once they came", async () => {
    const server = await streamServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.ndjsonHttpStream(server.url, { responseTimeoutMs: 30 });
    const out = collectOutput(stream);
    ssc.start();
    const res = await server.response(0);
    await new Promise((resolve) => setTimeout(resolve, 150)); // five response timeouts of quiet
    res.write('{"late":true}\n');
    await until(() => stream.receiverInfo.recordsStored === 1, "the late record");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([{ late: true }]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 0 });
  });

  it("waits for a server that is not there yet, then reads", async () => {
    const server = await streamServer();
    const { port } = server;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const { ssc, clock } = await manualContext();
    const url = `http://127.0.0.1:${port}/stream`;
    const stream = ssc.ndjsonHttpStream(url);
    const out = collectOutput(stream);
    const log = receiverErrors(ssc);
    ssc.start();
    await until(() => log.length === 1, "the refused connection");
    expect(log[0]).toMatch(
      new RegExp(`^0: connection refused by 127\\.0\\.0\\.1:${port} .*Fix: start the server first`),
    );
    const back = http.createServer((req, res) => {
      openStream(req, res);
      res.write('{"up":true}\n');
    });
    servers.push(back);
    await new Promise<void>((resolve) => back.listen(port, "127.0.0.1", resolve));
    await clock.advance(Milliseconds(500));
    await until(() => stream.receiverInfo.recordsStored === 1, "the record once the server is up");
    await clock.advance(Milliseconds(500));
    expect(out.flatMap((o) => o.records)).toEqual([{ up: true }]);
  });

  it("over its rate pauses the response: the server's writes back up, memory stays bounded, nothing is lost", async () => {
    const server = await streamServer();
    const batch = Milliseconds(200);
    const { ssc, clock } = await manualContext({ batch });
    const rate = 10_000;
    const stream = ssc.ndjsonHttpStream<{ i: number }>(server.url, { maxRate: rate });
    const received: number[] = [];
    stream.foreachRDD((rdd) => {
      for (const r of rdd.collect()) received.push(r.i);
    });
    ssc.start();
    const res = await server.response(0);
    let written = 0;
    while (res.writableLength < 2_000_000 && written < 200_000) {
      let chunk = "";
      for (let k = 0; k < 1000; k++) chunk += `{"i":${written++},"pad":"${"x".repeat(80)}"}\n`;
      res.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => stream.receiverInfo.paused, "the receiver paused");
    // A batch of admitted records, the high-water mark (a block interval at the rate) and the rest
    // of one read; IncomingMessage also buffers up to its highWaterMark (16 KiB) of chunks.
    const bound = (rate * batch.milliseconds) / 1000 + (rate * 200) / 1000 + 1000;
    let maxBuffered = 0;
    const sample = () => {
      maxBuffered = Math.max(maxBuffered, stream.supervisor.bufferedRecords);
    };
    const stored = stream.receiverInfo.recordsStored;
    await new Promise((resolve) => setTimeout(resolve, 50)); // time to over-read, were it still reading
    expect(stream.receiverInfo.recordsStored).toBe(stored);
    expect(res.writableLength).toBeGreaterThanOrEqual(2_000_000);
    for (let i = 0; i < 1000 && received.length < written; i++) {
      await clock.advance(batch);
      await until(() => {
        sample();
        return stream.receiverInfo.paused || stream.receiverInfo.recordsStored === written;
      }, "the receiver paused again, or every record stored");
    }
    expect(maxBuffered).toBeLessThanOrEqual(bound);
    expect(received).toEqual(Array.from({ length: written }, (_, i) => i));
  });

  it("says why TLS failed: a certificate nobody vouches for, or https: to a server without TLS", async () => {
    const dir = tempDir("ndjson-tls-");
    const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
        ...["-keyout", key, "-out", cert],
      ],
      { stdio: "ignore" },
    );
    const tls = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, openStream);
    servers.push(tls);
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    const { port } = tls.address() as net.AddressInfo;
    const plain = await streamServer();
    const { ssc } = await manualContext();
    const selfSigned = ssc.ndjsonHttpStream(`https://127.0.0.1:${port}/stream`);
    const noTls = ssc.ndjsonHttpStream(plain.url.replace("http:", "https:"));
    selfSigned.union(noTls).foreachRDD(() => {});
    ssc.start();
    await until(
      () => selfSigned.receiverInfo.restarts === 1 && noTls.receiverInfo.restarts === 1,
      "both refused",
    );
    expect(selfSigned.receiverInfo.lastErrorMessage).toBe(
      `the TLS certificate of 127.0.0.1:${port} was not accepted (self-signed certificate). Fix: check the host ` +
        "name in the URL; for a server whose CA is your own, start Node with NODE_EXTRA_CA_CERTS=<ca.pem>; " +
        "reconnecting with backoff.",
    );
    expect(noTls.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^127\\.0\\.0\\.1:${plain.port} did not speak TLS \\(it answered in plain text\\)\\. Fix: use http: for ` +
          "a server without TLS, https: for one with it; reconnecting with backoff\\.: \\w+ EPROTO .*wrong version number",
      ),
    );
  });

  it("refuses a URL that is not http(s) when the stream is defined, naming the fix", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.ndjsonHttpStream("localhost:8089/stream")).toThrow(IllegalArgumentError);
    expect(() => ssc.ndjsonHttpStream("not a url")).toThrow(/is not a URL\. Fix: pass a full URL/);
    expect(() => ssc.ndjsonHttpStream("ws://localhost/x")).toThrow(
      /must be http: or https:.*webSocketStream/,
    );
    expect(() => ssc.ndjsonHttpStream("http://localhost/x", { responseTimeoutMs: -1 })).toThrow(
      /responseTimeoutMs must be a positive number/,
    );
  });
});
