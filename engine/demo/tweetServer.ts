import { randomBytes } from "node:crypto";
import * as http from "node:http";
import { IllegalArgumentError } from "../errors";
import { listen } from "./listen";
import { pace } from "./pace";
import { tweetGenerator } from "./tweetGenerator";

/** The path of X/Twitter's v2 filtered stream. */
export const TWEET_STREAM_PATH = "/2/tweets/search/stream";

/** Options of tweetServer. */
export interface TweetServerOptions {
  /** Default 0: any free port (read it from the result). */
  port?: number;
  /** Default "127.0.0.1" (loopback only). */
  host?: string;
  /** Tweets per second, shared by every client (it is one live stream). Default 50. */
  tweetsPerSecond?: number;
  /** Changes the tweets. Default 1. */
  seed?: number;
  /** Seconds for the hashtag mix to go once round (see tweetGenerator). Default 60. */
  driftSeconds?: number;
  /** The bearer token clients must send. Default: a random one (read it from the result). */
  token?: string;
  /** A blank keep-alive line this often, as Twitter's (every 20 s). Default 20000. */
  keepAliveMs?: number;
}

/** A running tweetServer. */
export interface TweetServer {
  /** The stream's URL, e.g. http://127.0.0.1:40123/2/tweets/search/stream. */
  readonly url: string;
  readonly port: number;
  /** What to send: `authorization: Bearer <token>`. */
  readonly token: string;
  /** Clients reading the stream now. */
  readonly connections: number;
  /** Tweets created so far (sent to every client connected at the time). */
  readonly tweets: number;
  /** Ends every response and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A local stand-in for X/Twitter's v2 filtered stream, for the Twitter demo with no network:
 * `GET /2/tweets/search/stream` with `Authorization: Bearer <token>` answers a never-ending
 * NDJSON response, one `{"data": {id, text, created_at, author_id, entities: {hashtags}},
 * "matching_rules": [...]}` per line (`\r\n`-terminated, as Twitter's) and a blank keep-alive
 * line every `keepAliveMs`. Without the token: 401 with Twitter's JSON problem body; other paths
 * 404. The tweets come from tweetGenerator (films of movies.json; skewed, drifting hashtags) at
 * `tweetsPerSecond`; like the real stream it is live, so a client gets the tweets created while it
 * is connected, and a client too slow to read misses tweets rather than making the server buffer.
 * Demo data, not a source.
 *
 * @example
 * const twitter = await tweetServer({ tweetsPerSecond: 100 });
 * const tweets = ssc.ndjsonHttpStream<TweetEvent>(twitter.url, {
 *   headers: { authorization: `Bearer ${twitter.token}` },
 * });
 * tweets.flatMap((t) => t.data.entities.hashtags.map((h) => `#${h.tag}`)).countByValue().print();
 * // later
 * await twitter.close();
 */
export async function tweetServer(options: TweetServerOptions = {}): Promise<TweetServer> {
  const {
    port = 0,
    host = "127.0.0.1",
    tweetsPerSecond = 50,
    seed = 1,
    driftSeconds = 60,
    token = randomBytes(16).toString("hex"),
    keepAliveMs = 20_000,
  } = options;
  if (!(Number.isFinite(keepAliveMs) && keepAliveMs > 0)) {
    throw new IllegalArgumentError(
      `tweetServer: keepAliveMs must be a positive number of ms; got ${keepAliveMs}. Fix: e.g. { keepAliveMs: 20000 }.`,
    );
  }
  const tweetAt = tweetGenerator({ seed, tweetsPerSecond, driftSeconds });
  const clients = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    res.on("error", () => clients.delete(res)); // a client gone mid-write concerns only itself
    const reject = (status: number, title: string, detail: string) => {
      res.writeHead(status, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ title, detail, type: "about:blank", status }));
    };
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== TWEET_STREAM_PATH)
      return reject(404, "Not Found Error", `Only ${TWEET_STREAM_PATH} is served here.`);
    if (req.method !== "GET") return reject(405, "Method Not Allowed", "The stream is read with GET.");
    if (req.headers.authorization !== `Bearer ${token}`) return reject(401, "Unauthorized", "Unauthorized");
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" });
    res.flushHeaders();
    clients.add(res);
    req.on("close", () => clients.delete(res));
  });
  let created = 0;
  const send = (text: string) => {
    for (const res of clients) if (!res.writableNeedDrain && !res.destroyed) res.write(text);
  };
  await listen(server, port, host);
  const stopPacing = pace(tweetsPerSecond, (n) => {
    const first = created;
    created += n;
    // The stream is live: tweets created while nobody listens are not kept.
    if (clients.size === 0) return;
    let text = "";
    for (let k = first; k < created; k++) text += `${JSON.stringify(tweetAt(k))}\r\n`;
    send(text);
  });
  const keepAlive = setInterval(() => send("\r\n"), keepAliveMs);
  const address = server.address() as { port: number };
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}${TWEET_STREAM_PATH}`,
    port: address.port,
    token,
    get connections() {
      return clients.size;
    },
    get tweets() {
      return created;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopPacing();
        clearInterval(keepAlive);
        for (const res of clients) res.destroy();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
