import { createClient } from "redis";
import { type BatchInfo, type ReceiverInfo, StreamingContext } from "../../../../engine";
import { RedisServer, type RedisServerOptions } from "../../../helpers/RedisServer";

const makeClient = (url: string) => createClient({ url, RESP: 2, socket: { reconnectStrategy: false } });

/** A plain node-redis client for a test's own commands (XADD, XPENDING, CLIENT KILL...). */
export type TestRedisClient = ReturnType<typeof makeClient>;

/** Connects a plain client to `url` (closed by closeClients). */
export async function connectClient(url: string): Promise<TestRedisClient> {
  const client = makeClient(url);
  client.on("error", () => {}); // a server stopped by the test is no failure of the test
  await client.connect();
  clients.push(client);
  return client;
}

const clients: TestRedisClient[] = [];

/** Closes every client connectClient made. */
export function closeClients(): void {
  for (const c of clients.splice(0)) if (c.isOpen) c.destroy();
}

/** XADDs each entry (its fields), in order; returns their ids. */
export async function addEntries(
  client: TestRedisClient,
  key: string,
  entries: Record<string, string>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const fields of entries) ids.push(await client.xAdd(key, "*", fields));
  return ids;
}

/** The ids pending in `group` (read by a consumer, not acknowledged), with their consumer. */
export async function pendingEntries(
  client: TestRedisClient,
  key: string,
  group: string,
): Promise<{ id: string; consumer: string }[]> {
  const reply = (await client.sendCommand(["XPENDING", key, group, "-", "+", "100000"])) as [
    string,
    string,
  ][];
  return reply.map(([id, consumer]) => ({ id, consumer }));
}

/** Resolves once `condition` (asked of the server) holds; fails after `timeoutMs` saying what it waited for. */
export async function untilAsync(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}

const servers: RedisServer[] = [];

/** A redis-server for this test (see RedisServer), stopped by cleanUp. */
export async function startRedis(options?: RedisServerOptions): Promise<RedisServer> {
  const server = await RedisServer.start(options);
  servers.push(server);
  return server;
}

/** afterEach: stops the active context, closes the test's clients and stops its servers. */
export async function cleanUp(): Promise<void> {
  await StreamingContext.getActive()?.stop();
  closeClients();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
}

/** Every receiver error a context reports, as its message. */
export function errorMessages(ssc: StreamingContext): string[] {
  const messages: string[] = [];
  ssc.addStreamingListener({
    onReceiverError: (info: ReceiverInfo) => messages.push(info.lastErrorMessage ?? ""),
  });
  return messages;
}

/** The options of the tests' source (stream "events", group "counters", consumer "worker-1"), and `extra`. */
export const source = <E extends object = {}>(url: string, extra?: E) => ({
  url,
  key: "events",
  group: "counters",
  consumer: "worker-1",
  ...(extra as E),
});

/** The block metadata a batch's BatchInfo holds for input stream `inputId`. */
export function blockMetadata(batch: BatchInfo, inputId: number): Record<string, unknown>[] {
  return (batch.streamIdToInputInfo.get(inputId)!.metadata as { blocks: Record<string, unknown>[] }).blocks;
}

/** The ids of the records of every batch, in order. */
export function idsOf(out: { records: { id: string }[] }[]): string[] {
  return out.flatMap((b) => b.records.map((r) => r.id));
}

/** Resolves once the tests' group ("counters" of "events") has no pending entry: all acknowledged. */
export function untilAcknowledged(client: TestRedisClient): Promise<void> {
  return untilAsync(
    async () => (await pendingEntries(client, "events", "counters")).length === 0,
    "every entry acknowledged (XPENDING empty)",
  );
}

/**
 * What a consumer that then died does: reads `count` new entries of "events" as `consumer` of
 * "counters" (created from the stream's start if missing) and never acknowledges them.
 */
export async function readAndDie(client: TestRedisClient, consumer: string, count: number): Promise<void> {
  const create = ["XGROUP", "CREATE", "events", "counters", "0", "MKSTREAM"];
  await client.sendCommand(create).catch(() => {}); // BUSYGROUP: there already
  const read = [
    "XREADGROUP",
    "GROUP",
    "counters",
    consumer,
    "COUNT",
    String(count),
    "STREAMS",
    "events",
    ">",
  ];
  await client.sendCommand(read);
}

/** Makes `ids`, pending for `consumer`, look idle for `ms` (XCLAIM ... IDLE), as if it died that long ago. */
export async function makeIdle(
  client: TestRedisClient,
  consumer: string,
  ids: string[],
  ms: number,
): Promise<void> {
  await client.sendCommand(["XCLAIM", "events", "counters", consumer, "0", ...ids, "IDLE", String(ms)]);
}
