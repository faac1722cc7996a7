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
      throw new StateAccessError("State.get(): this key has no state. Fix: check state.exists() first, or use state.getOption().");
    }
    return this.value as S;
  }

  /** The state, or undefined if there is none. */
  getOption(): S | undefined {
    return this.defined ? this.value : undefined;
  }

  update(newState: S): void {
    if (this.removed || this.timingOut) {
      throw new StateAccessError(
        `State.update(): cannot update a state that ${this.timingOut ? "is timing out" : "has been removed"}. ` +
          "Fix: check state.isTimingOut() and return without updating.",
      );
    }
    this.value = newState;
    this.defined = true;
    this.updated = true;
  }

  remove(): void {
    if (this.removed || this.timingOut) {
      throw new StateAccessError(
        `State.remove(): cannot remove a state that ${this.timingOut ? "is timing out (it is removed anyway)" : "has already been removed"}.`,
      );
    }
    this.defined = false;
    this.value = undefined;
    this.removed = true;
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
