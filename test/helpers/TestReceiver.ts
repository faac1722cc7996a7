import { Receiver } from "../../engine";

/**
 * A receiver the test feeds by hand (a user-written Receiver, as the API intends, not a stand-in
 * for a real source): `push` stores records one by one, and every call the supervisor makes is
 * logged. `failStarts` makes that many onStart calls throw first.
 */
export class TestReceiver<T> extends Receiver<T> {
  readonly log: string[] = [];
  /** What the last push's store() calls returned: false once over the rate. */
  lastStoreResult = true;
  constructor(
    private readonly label = "test receiver",
    public failStarts = 0,
  ) {
    super();
  }
  override get name(): string {
    return this.label;
  }
  onStart(): void {
    this.log.push("start");
    if (this.failStarts > 0) {
      this.failStarts--;
      throw new Error("the source is not there yet");
    }
  }
  onStop(): void {
    this.log.push("stop");
  }
  override onPause(): void {
    this.log.push("pause");
  }
  override onResume(): void {
    this.log.push("resume");
  }
  /** Stores each record with store(record). */
  push(...records: T[]): void {
    for (const r of records) this.lastStoreResult = this.store(r);
  }
}
