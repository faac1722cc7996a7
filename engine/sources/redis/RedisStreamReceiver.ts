import { errorMessage } from "../../errors";
import { Receiver } from "../../receiver/Receiver";
import { nodeRedisStreamClient } from "./nodeRedisStreamClient";
import type { RedisStreamClient, RedisStreamClientFactory, RedisStreamEntry } from "./RedisStreamClient";
import { redisAddress } from "./redisAddress";
import { type RedisStreamTarget, redisProblem } from "./redisProblem";

/** A stream entry as a record: its id, the stream's key, and its fields. */
export interface RedisStreamRecord {
  id: string;
  key: string;
  fields: Record<string, string>;
}

/** A stream entry read with `json: field`: the parsed JSON of that field in `value`. */
export interface RedisStreamJsonRecord<V = unknown> {
  id: string;
  key: string;
  value: V;
}

/** Where and how a RedisStreamReceiver reads. */
export interface RedisStreamReceiverOptions {
  /** redis:// or rediss:// URL, with the password if any: `redis://:<password>@host:port/<db>`. */
  url: string;
  /** The stream's key. */
  key: string;
  /** The consumer group (created, with the stream, when missing). */
  group: string;
  /** This consumer's name in the group: keep it across restarts, so its pending entries are its own. */
  consumer: string;
  /** Parse this field of every entry as JSON: records are `{ id, key, value }`. */
  json?: string;
  /** Entries per XREADGROUP (COUNT), and so at most per block. Default 1000. */
  batchSize?: number;
  /** How long one XREADGROUP waits for new entries (BLOCK), in ms. Default 1000. */
  blockMs?: number;
  /** Pending entries of other consumers idle this long (ms) are claimed (XAUTOCLAIM). Default 60000. */
  claimIdleMs?: number;
  /** Where a group created by the source starts: "0", the stream's start (default), or "$", new entries only. */
  startId?: string;
  /** Makes the client (default: node-redis, see nodeRedisStreamClient). */
  client?: RedisStreamClientFactory;
}

/** How a block's entries reached this consumer, in its metadata. */
export type RedisDelivery = "pending" | "claimed" | "new";

/** One connection's life: the receiver's restart starts another. */
interface Run {
  client: RedisStreamClient;
  stopped: boolean;
  /** Blocks being stored, or stored and being acknowledged: a stop closes the client after them. */
  busy: number;
}

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_BLOCK_MS = 1000;
const DEFAULT_CLAIM_IDLE_MS = 60_000;
/** An entry set aside as bad: counted, acknowledged, and not stored. */
const BAD = Symbol("bad record");

/**
 * Reads a Redis stream as one consumer of a consumer group (behind ssc.redisStream), reliably:
 * each XREADGROUP's entries are stored as one block with `storeBlock`, and acknowledged (XACK)
 * only once that block is stored. On every (re)start it creates the group if missing (XGROUP
 * CREATE … MKSTREAM), first reads this consumer's own pending entries (id "0": read before, not
 * acknowledged), then claims the pending entries other consumers left idle for `claimIdleMs`
 * (XAUTOCLAIM, again every `claimIdleMs`), then reads new entries (">").
 *
 * At least once: an entry is acknowledged only after it is stored, so a receiver killed between
 * the two (or whose connection drops) gets its pending entries again when it restarts — those
 * entries, and only those, can arrive twice. Block metadata (on BatchInfo) names the key, group,
 * consumer, how the entries came (`delivery`), their first and last ids and count.
 *
 * Bad entries — with `json`, a field that is missing or not JSON; an entry deleted (trimmed) while
 * pending — are counted as bad records (the message names the id) and acknowledged, so they do
 * not come back on every restart; they stay in the stream until it is trimmed (XRANGE key id id).
 *
 * A server that is down, refuses the credentials, holds another type at the key, or drops the
 * connection: the problem and the fix on the receiver's status, and a restart with backoff.
 * Field values are read as UTF-8 text. Without a write-ahead log, records stored (so
 * acknowledged) but not yet in a finished batch are lost if the process dies.
 *
 * @example
 * ssc.receiverStream(new RedisStreamReceiver({ url: "redis://localhost:6379", key: "events",
 *   group: "counters", consumer: "worker-1" })).map((r) => r.fields.type).countByValue().print();
 */
export class RedisStreamReceiver<T = RedisStreamRecord> extends Receiver<T> {
  readonly key: string;
  readonly group: string;
  readonly consumer: string;
  readonly json: string | undefined;
  readonly batchSize: number;
  readonly blockMs: number;
  readonly claimIdleMs: number;
  readonly startId: string;
  /** The server's address without the password. */
  readonly address: string;
  private readonly url: string;
  private readonly makeClient: RedisStreamClientFactory;
  private readonly target: RedisStreamTarget;
  private run: Run | undefined;

  constructor(options: RedisStreamReceiverOptions) {
    super();
    this.url = options.url;
    this.key = options.key;
    this.group = options.group;
    this.consumer = options.consumer;
    this.json = options.json;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.blockMs = options.blockMs ?? DEFAULT_BLOCK_MS;
    this.claimIdleMs = options.claimIdleMs ?? DEFAULT_CLAIM_IDLE_MS;
    this.startId = options.startId ?? "0";
    this.makeClient = options.client ?? nodeRedisStreamClient;
    this.address = redisAddress(options.url);
    this.target = { address: this.address, key: this.key, group: this.group };
  }

  override get name(): string {
    return `redis ${this.address} stream ${this.key}`;
  }

  async onStart(): Promise<void> {
    const client = this.makeClient(this.url, `dstream-lab:${this.group}:${this.consumer}`);
    const run: Run = { client, stopped: false, busy: 0 };
    this.run = run;
    client.onError((e) => this.fail(run, e));
    try {
      await client.connect();
      await client.createGroup(this.key, this.group, this.startId);
    } catch (e) {
      // Restarted here rather than thrown, so the status reads the same as when the connection's
      // error event (which may come first) restarts it.
      this.fail(run, e);
      client.destroy();
      return;
    }
    void this.consume(run);
  }

  onStop(): void {
    const run = this.run;
    this.run = undefined;
    if (!run) return;
    run.stopped = true;
    // A block being stored is acknowledged first (its XACK closes the client after it): its
    // entries would otherwise come again. A blocked read is given up at once: what it was about
    // to deliver stays pending, and the next start reads it.
    if (run.busy === 0) run.client.destroy();
  }

  private async consume(run: Run): Promise<void> {
    try {
      // Pending entries first: read by an earlier run of this consumer and never acknowledged.
      for (let after = "0"; ; ) {
        const entries = await run.client.readGroup(
          this.key,
          this.group,
          this.consumer,
          after,
          this.batchSize,
        );
        if (run.stopped || entries.length === 0) break;
        await this.deliver(run, entries, "pending");
        after = entries[entries.length - 1]!.id;
      }
      let nextClaimAt = 0;
      while (!run.stopped) {
        if (Date.now() >= nextClaimAt) {
          await this.claim(run);
          nextClaimAt = Date.now() + this.claimIdleMs;
        }
        if (run.stopped) break;
        const entries = await run.client.readGroup(
          this.key,
          this.group,
          this.consumer,
          ">",
          this.batchSize,
          this.blockMs,
        );
        if (run.stopped) break; // delivered, not stored: pending, read again by the next start
        if (entries.length > 0) await this.deliver(run, entries, "new");
      }
    } catch (e) {
      this.fail(run, e);
    } finally {
      if (run.stopped && run.busy === 0) run.client.destroy();
    }
  }

  /** Takes over what other consumers left pending for claimIdleMs, cursor by cursor. */
  private async claim(run: Run): Promise<void> {
    for (let start = "0-0"; ; ) {
      const { next, entries, deleted } = await run.client.autoClaim(
        this.key,
        this.group,
        this.consumer,
        this.claimIdleMs,
        start,
        this.batchSize,
      );
      if (run.stopped) return;
      for (const id of deleted) this.reportBadRecord(this.deletedWhilePending(id));
      if (entries.length > 0) await this.deliver(run, entries, "claimed");
      if (next === "0-0" || run.stopped) return;
      start = next;
    }
  }

  /**
   * Stores the entries as one block, then acknowledges them (bad ones too: they were counted). The
   * XACK is not awaited: the next XREADGROUP goes out behind it on the same connection, one round
   * trip per read instead of two; a failed XACK restarts the receiver like a failed read.
   */
  private async deliver(run: Run, entries: RedisStreamEntry[], delivery: RedisDelivery): Promise<void> {
    const records: T[] = [];
    const ids: string[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      ids[i] = entry.id;
      const record = this.toRecord(entry);
      if (record !== BAD) records.push(record);
    }
    run.busy++;
    try {
      if (records.length > 0) {
        await this.storeBlock(records, {
          key: this.key,
          group: this.group,
          consumer: this.consumer,
          delivery,
          firstId: ids[0],
          lastId: ids[ids.length - 1],
          entries: ids.length,
        });
      }
    } catch (e) {
      run.busy--;
      throw e;
    }
    run.client.ack(this.key, this.group, ids).then(
      () => this.acknowledged(run),
      (e) => {
        this.fail(run, e);
        this.acknowledged(run);
      },
    );
  }

  private acknowledged(run: Run): void {
    run.busy--;
    if (run.stopped && run.busy === 0) run.client.destroy();
  }

  private toRecord(entry: RedisStreamEntry): T | typeof BAD {
    const { id, fields } = entry;
    if (fields === null) {
      this.reportBadRecord(this.deletedWhilePending(id));
      return BAD;
    }
    if (this.json === undefined) return { id, key: this.key, fields } as T;
    const text = fields[this.json];
    if (text === undefined) {
      this.reportBadRecord(
        `${this.name}: entry ${id} has no field "${this.json}" and was set aside (acknowledged; XRANGE ` +
          `${this.key} ${id} ${id} shows it). Fix: XADD the JSON under "${this.json}", or leave json off to get every field.`,
      );
      return BAD;
    }
    try {
      return { id, key: this.key, value: JSON.parse(text) } as T;
    } catch (e) {
      this.reportBadRecord(
        `${this.name}: field "${this.json}" of entry ${id} is not valid JSON (${errorMessage(e)}) and was set ` +
          `aside (acknowledged; XRANGE ${this.key} ${id} ${id} shows it). Fix: XADD one JSON value per entry ` +
          "in that field, or leave json off to get the text.",
      );
      return BAD;
    }
  }

  private deletedWhilePending(id: string): string {
    return (
      `${this.name}: entry ${id} was deleted from the stream while pending (read, not yet acknowledged), so ` +
      "it is lost. Fix: trim the stream (XADD MAXLEN/MINID, XTRIM) only past what the group has acknowledged."
    );
  }

  private fail(run: Run, error: unknown): void {
    if (this.run !== run || run.stopped) return;
    this.restart(redisProblem(this.target, error), error);
  }
}
