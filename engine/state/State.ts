import { StateAccessError } from "../errors";

/**
 * The state of one key inside a mapWithState function (Spark's State).
 *
 * @example
 * if (state.isTimingOut()) return [key, "expired"];
 * state.update((state.getOption() ?? 0) + 1);
 */
export class State<S> {
  private defined = false;
  private value: S | undefined;
  private timingOut = false;
  private removed = false;
  private updated = false;

  /** @internal Points this object at a key's current state (reused per record to save allocation). */
  wrap(value: S | undefined, defined: boolean, timingOut = false): void {
    this.value = value;
    this.defined = defined;
    this.timingOut = timingOut;
    this.removed = false;
    this.updated = false;
  }

  exists(): boolean {
    return this.defined;
  }

  /** The state; an error if there is none (check exists() or use getOption()). */
  get(): S {
    if (!this.defined) {
      throw new StateAccessError(
        "State.get(): this key has no state. Fix: check state.exists() first, or use state.getOption().",
      );
    }
    return this.value as S;
  }

  /** The state, or undefined if there is none. */
  getOption(): S | undefined {
    return this.defined ? this.value : undefined;
  }

  /** Sets the key's state; an error while it is timing out, after remove(), or for undefined. */
  update(newState: S): void {
    if (this.timingOut) {
      throw new StateAccessError(
        "State.update(): cannot update a state that is timing out (it is removed after this call). " +
          "Fix: check state.isTimingOut() and return without updating.",
      );
    }
    if (this.removed) {
      throw new StateAccessError(
        "State.update(): cannot update a state that has been removed in this call. " +
          "Fix: update or remove, not both; to reset a state, update it without removing it.",
      );
    }
    if (newState === undefined) {
      // undefined means "no state" (getOption() could not tell it from a missing one).
      throw new StateAccessError(
        "State.update(undefined): a state cannot be undefined. Fix: call state.remove() to drop the key's state, " +
          "or store null or another value.",
      );
    }
    this.value = newState;
    this.defined = true;
    this.updated = true;
  }

  /** Drops the key's state; an error while it is timing out (it is removed anyway) or twice. */
  remove(): void {
    if (this.timingOut) {
      throw new StateAccessError(
        "State.remove(): cannot remove a state that is timing out; it is removed after this call anyway. " +
          "Fix: check state.isTimingOut() and skip remove().",
      );
    }
    if (this.removed) {
      throw new StateAccessError(
        "State.remove(): this state has already been removed in this call. Fix: call remove() once.",
      );
    }
    this.defined = false;
    this.value = undefined;
    this.removed = true;
    this.updated = false; // as in Spark: a removed state is not also "updated"
  }

  /** True when the function is called because the key timed out (no new value). */
  isTimingOut(): boolean {
    return this.timingOut;
  }

  /** @internal */
  isRemoved(): boolean {
    return this.removed;
  }

  /** @internal */
  isUpdated(): boolean {
    return this.updated;
  }
}
