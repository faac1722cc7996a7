import type { Socket } from "zeromq";

/**
 * Sends on one socket in order. A zeromq 6 socket allows one send in flight at a time (a second
 * one throws EBUSY), while outputs are produced from anywhere: cells, batches, timers.
 */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket & { send(frames: Buffer[]): Promise<void> },
    private readonly log: (line: string) => void,
  ) {}

  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(
      () =>
        this.socket.send(frames).catch((e: Error) => {
          if (!this.socket.closed) this.log(`[dstream-lab kernel] send failed: ${e.message}`);
        }),
      () => {},
    );
    return this.tail;
  }

  /** Resolves when everything queued so far has been handed to ZeroMQ. */
  flushed(): Promise<void> {
    return this.tail;
  }
}
