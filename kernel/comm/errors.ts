import { DStreamLabError } from "../../engine/errors";

/**
 * Errors of the comm layer. The kernel logs them on stderr by name and goes on: a comm message
 * names no cell, so there is no cell to show them in. Each message states the rule and the fix.
 */

/** A comm_open, comm_msg or comm_close whose content does not follow the messaging spec. */
export class MalformedCommMessageError extends DStreamLabError {}

/** A comm_open for a target nobody registered; the kernel answers it with comm_close. */
export class UnknownCommTargetError extends DStreamLabError {
  constructor(
    readonly targetName: string,
    readonly commId: string,
    known: readonly string[],
  ) {
    super(
      `comm_open for target ${JSON.stringify(targetName)} (comm ${JSON.stringify(commId)}): no such target in ` +
        `this kernel (it has ${known.length > 0 ? known.map((t) => JSON.stringify(t)).join(", ") : "none"}), so ` +
        "the comm was closed, as the messaging spec asks. Fix: open a comm to one of the registered targets.",
    );
  }
}

/** A comm_msg or comm_close for a comm id this kernel does not have open. */
export class UnknownCommError extends DStreamLabError {
  constructor(
    readonly msgType: string,
    readonly commId: string,
  ) {
    super(
      `${msgType} for comm ${JSON.stringify(commId)}, which is not open in this kernel (it was closed, or it ` +
        "belongs to a kernel that has since restarted); the message was ignored. Fix: re-run the cell that " +
        "made the control, then use the new one.",
    );
  }
}

/** Sending on a comm after it was closed. */
export class CommClosedError extends DStreamLabError {
  constructor(readonly commId: string) {
    super(
      `Comm ${JSON.stringify(commId)} is closed, so nothing can be sent on it. Fix: open a new comm ` +
        "(for a widget: make the control again).",
    );
  }
}

/** A target's open handler or a comm's message handler threw; the kernel stays up. */
export class CommHandlerError extends DStreamLabError {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(
      `${what} failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}. ` +
        "The message was dropped and the kernel goes on.",
    );
  }
}
