import type { KafkaMessage } from "./KafkaClient";
import type { KafkaRecord } from "./KafkaRecord";

/** A fetched message, decoded, or set aside with the reason. */
export type BufferedEntry =
  | { offset: number; record: KafkaRecord<unknown> }
  | { offset: number; bad: string };

/** What one batch takes from a partition. */
export interface TakenRange {
  fromOffset: number;
  untilOffset: number;
  records: KafkaRecord<unknown>[];
  badRecords: number;
  lastBadRecord: string | undefined;
}

/**
 * The messages of one partition fetched ahead of the batches, in offset order. `next` is where the
 * next batch's range starts; `fetched` is the offset after the last message taken in, so a message
 * fetched again (a reconnected consumer is told to seek to `fetched`; this is the safety net) is
 * dropped rather than counted twice.
 *
 * @example
 * const b = new PartitionBuffer("clicks", 0, 40);
 * b.add(messages, 50, decode); b.take(5); // { fromOffset: 40, untilOffset: 45, records: [...5] }
 */
export class PartitionBuffer {
  /** The partition's end (high watermark) as last seen: lag = high − next. */
  high: number;
  /** Paused for flow control (too much buffered). */
  paused = false;
  private entries: BufferedEntry[] = [];
  private head = 0;
  private fetchedUntil: number;

  constructor(
    readonly topic: string,
    readonly partition: number,
    public next: number,
  ) {
    this.fetchedUntil = next;
    this.high = next;
  }

  /** Where fetching goes on: the offset after the last message taken in. */
  get fetched(): number {
    return this.fetchedUntil;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Records not yet in a batch, by the partition's end: what the group still has to read. */
  get lag(): number {
    return Math.max(0, this.high - this.next);
  }

  /** Takes in a fetch's messages past `fetched`; returns how many were new. */
  add(
    messages: readonly KafkaMessage[],
    highWatermark: number,
    decode: (m: KafkaMessage) => BufferedEntry,
  ): number {
    if (highWatermark > this.high) this.high = highWatermark;
    let added = 0;
    for (const m of messages) {
      if (m.offset < this.fetchedUntil) continue;
      this.entries.push(decode(m));
      this.fetchedUntil = m.offset + 1;
      added++;
    }
    return added;
  }

  /** Hands the next `max` messages (at most) to a batch: [next, until). */
  take(max: number): TakenRange {
    const n = Math.min(max, this.size);
    const fromOffset = this.next;
    const records: KafkaRecord<unknown>[] = [];
    let badRecords = 0;
    let lastBadRecord: string | undefined;
    for (let i = this.head; i < this.head + n; i++) {
      const e = this.entries[i]!;
      if ("record" in e) records.push(e.record);
      else {
        badRecords++;
        lastBadRecord = e.bad;
      }
    }
    this.head += n;
    // All of it taken: the range ends where fetching stands (past gaps of compacted offsets).
    const untilOffset = this.size === 0 ? this.fetchedUntil : this.entries[this.head]!.offset;
    this.next = untilOffset;
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return { fromOffset, untilOffset, records, badRecords, lastBadRecord };
  }
}
