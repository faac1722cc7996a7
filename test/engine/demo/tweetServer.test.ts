import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type TweetEvent, type TweetServer, tweetServer } from "../../../engine";
import { until } from "../../helpers/until";

const servers: TweetServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof tweetServer>[0] = {}): Promise<TweetServer> {
  const server = await tweetServer(options);
  servers.push(server);
  return server;
}

/** A real HTTP client reading the stream: its status, body so far, and whether it ended. */
function read(url: string, headers: Record<string, string> = {}) {
  const state = {
    status: 0,
    contentType: "",
    body: "",
    ended: false,
    req: undefined as unknown as http.ClientRequest,
  };
  state.req = http.get(url, { headers }, (res) => {
    state.status = res.statusCode ?? 0;
    state.contentType = String(res.headers["content-type"]);
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      state.body += chunk;
    });
    // An ended response and one the server cut off both close.
    res.on("close", () => {
      state.ended = true;
    });
    res.on("error", () => {});
  });
  state.req.on("error", () => {
    state.ended = true;
  });
  return state;
}

/** The complete tweets of a body read so far (a chunk may end mid-line). */
const tweetsOf = (body: string): TweetEvent[] =>
  body
    .slice(0, body.lastIndexOf("\r\n") + 1)
    .split("\r\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));

describe("tweetServer", () => {
  it("streams NDJSON shaped like X/Twitter's v2 filtered stream to a client with the bearer token", async () => {
    const server = await start({ tweetsPerSecond: 200 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/2/tweets/search/stream`);
    const c = read(`${server.url}?tweet.fields=created_at,author_id,entities`, {
      authorization: `Bearer ${server.token}`,
    });
    await until(() => tweetsOf(c.body).length >= 20, "20 tweets");
    expect(c.status).toBe(200);
    expect(c.contentType).toMatch(/^application\/json/);
    const tweets = tweetsOf(c.body);
    for (const { data, matching_rules } of tweets) {
      expect(data.id).toMatch(/^\d{18,19}$/);
      expect(data.author_id).toMatch(/^\d+$/);
      expect(new Date(data.created_at).toISOString()).toBe(data.created_at);
      expect(Math.abs(Date.parse(data.created_at) - Date.now())).toBeLessThan(60_000);
      expect(data.text).toMatch(/"[^"]+"/); // a film's title, quoted
      expect(data.entities.hashtags.length).toBeGreaterThanOrEqual(1);
      const points = [...data.text];
      for (const h of data.entities.hashtags) {
        expect(points.slice(h.start, h.end).join("")).toBe(`#${h.tag}`);
      }
      expect(matching_rules).toEqual([{ id: expect.stringMatching(/^\d+$/), tag: expect.any(String) }]);
    }
    expect(new Set(tweets.map((t) => t.data.id)).size).toBe(tweets.length);
  });

  it("answers 401 with Twitter's problem JSON without the right token, and 404 elsewhere", async () => {
    const server = await start({ token: "s3cret" });
    const none = read(server.url);
    const wrong = read(server.url, { authorization: "Bearer nope" });
    const elsewhere = read(`http://127.0.0.1:${server.port}/1.1/statuses/filter.json`, {
      authorization: "Bearer s3cret",
    });
    await until(() => none.ended && wrong.ended && elsewhere.ended, "three answers");
    expect([none.status, wrong.status, elsewhere.status]).toEqual([401, 401, 404]);
    expect(JSON.parse(none.body)).toEqual({
      title: "Unauthorized",
      detail: "Unauthorized",
      type: "about:blank",
      status: 401,
    });
    expect(server.token).toBe("s3cret");
  });

  it("sends blank keep-alive lines between tweets", async () => {
    const server = await start({ tweetsPerSecond: 5, keepAliveMs: 30 });
    const c = read(server.url, { authorization: `Bearer ${server.token}` });
    await until(() => /(^|\r\n)\r\n/.test(c.body), "a blank keep-alive line");
    expect(c.body.split("\r\n").some((l) => l === "")).toBe(true);
  });

  it("is one live stream: clients connected at once get the same tweets, at tweetsPerSecond", async () => {
    const started = performance.now();
    const server = await start({ tweetsPerSecond: 50 });
    const auth = { authorization: `Bearer ${server.token}` };
    const a = read(server.url, auth);
    const b = read(server.url, auth);
    await until(() => server.connections === 2, "both clients connected");
    await until(() => server.tweets >= 20, "20 tweets");
    // Tweet n is due n/50 s after the server started, never sooner (a busy loop only delays it).
    expect(server.tweets).toBeLessThanOrEqual(((performance.now() - started) * 50) / 1000 + 1);
    await until(() => tweetsOf(a.body).length >= 10 && tweetsOf(b.body).length >= 10, "tweets to both");
    const idsA = new Set(tweetsOf(a.body).map((t) => t.data.id));
    const common = tweetsOf(b.body).filter((t) => idsA.has(t.data.id));
    expect(common.length).toBeGreaterThanOrEqual(5);
  });

  it("survives a client that disconnects, and close() ends the rest and frees the port", async () => {
    const server = await start({ tweetsPerSecond: 200 });
    const auth = { authorization: `Bearer ${server.token}` };
    const gone = read(server.url, auth);
    await until(() => gone.body.length > 0, "a first tweet");
    gone.req.destroy();
    await until(() => server.connections === 0, "the server to drop the client");
    const stays = read(server.url, auth);
    await until(() => tweetsOf(stays.body).length >= 3, "tweets");
    await server.close();
    await until(() => stays.ended, "the response to end");
    const after = read(server.url, auth);
    await until(() => after.ended, "the refused connection");
    expect(after.status).toBe(0);
  });
});
