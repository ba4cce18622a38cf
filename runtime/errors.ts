/** Why a call was rejected. Stable codes; see docs/runtime.md. */
export type ErrorCode =
  | "ended"
  | "not_current_step"
  | "unknown_purpose"
  | "unknown_field"
  | "not_held"
  | "wrong_basis"
  | "no_chat"
  | "snapshot_malformed"
  | "snapshot_version"
  | "snapshot_tampered"
  | "snapshot_key"
  | "snapshot_conversation"
  | "snapshot_stale"
  | "internal";

/**
 * A call the runtime refused: a programming error of the caller (an answer for
 * a step that is not current, a call after the end), a bad snapshot, or — with
 * code `internal` — a bug in the machine or the runtime. The conversation is
 * unchanged when one is thrown.
 */
export class LawflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(code + ": " + message);
    this.name = "LawflowError";
  }
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new LawflowError(code, message);
};
