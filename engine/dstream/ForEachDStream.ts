import { AsyncResource } from "node:async_hooks";
import type { RDD } from "../rdd/internal";
import type { Job } from "../streaming/Job";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

/**
 * An output operation: runs `f` on the parent's RDD of every batch. It captures the async
 * context it was created in, and its jobs run there — so whatever the kernel keeps in that
 * context (the cell that defined the output) still applies when a batch runs much later.
 */
export class ForEachDStream<T> extends DerivedDStream<T, never> {
  outputOpId = -1;
  private readonly inContext = AsyncResource.bind(<R>(g: () => R): R => g());

  constructor(
    parent: DStream<T>,
    private readonly f: (rdd: RDD<T>, time: Time) => unknown,
    readonly name: string,
  ) {
    super(parent, name);
  }

  protected compute(): undefined {
    return undefined;
  }

  /** Adds this output to the graph (what makes the stream run). */
  register(): this {
    this.outputOpId = this.ssc.graph.addOutputStream(this);
    return this;
  }

  /** The batch's job, or undefined when the parent has no RDD then (a window between slides). */
  override generateJob(time: Time): Job | undefined {
    const base = {
      time,
      outputOpId: this.outputOpId,
      name: this.name,
      description: `${this.name} at ${this.parent}`,
      inContext: this.inContext,
    };
    try {
      const rdd = this.parent.getOrCompute(time);
      return rdd && { ...base, rdd, run: () => this.f(rdd, time) };
    } catch (e) {
      // A transform that throws while the batch is being planned fails this job like any other.
      return {
        ...base,
        run: () => {
          throw e;
        },
      };
    }
  }
}
