import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";
import type { HttpPushReceiver } from "./HttpPushReceiver";

/**
 * The stream ssc.httpStream returns: a ReceiverInputDStream that also tells where to POST.
 *
 * @example
 * const events = ssc.httpStream({ port: 0 });
 * ssc.start();
 * events.url; // "http://127.0.0.1:54321/" once bound (also the receiver's name in monitor())
 */
export class HttpInputDStream<T> extends ReceiverInputDStream<T> {
  declare readonly receiver: HttpPushReceiver<T>;

  constructor(ssc: StreamingContext, receiver: HttpPushReceiver<T>, options: ReceiverStreamOptions = {}) {
    super(ssc, receiver, options, "httpStream");
  }

  /**
   * Where to POST records, e.g. `http://127.0.0.1:54321/`. With port 0 it is undefined until the
   * endpoint is bound (shortly after ssc.start(); `receiverInfo.active` turns true then).
   */
  get url(): string | undefined {
    return this.receiver.url;
  }
}
