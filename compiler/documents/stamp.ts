/**
 * The notice stamp: the `{ version, hash }` of the privacy notice that a
 * compiled machine carries, so that every prompt and every consent receipt
 * names exactly the text the person could read (GDPR Art. 7(1), 13). It is a
 * step of the compile pipeline owned by the documents, because the notice
 * is: the same program gives the notice `lawflow notice` writes and the hash
 * printed at its foot. Only the notice's content is built and hashed — never
 * a diagram or a rendered document.
 */
import type { Program } from "../program.ts";
import { buildDocumentsModel } from "./model.ts";
import { buildNotice } from "./notice.ts";

export interface NoticeStamp {
  readonly version: string;
  /** SHA-256 hex of the notice's canonical content. */
  readonly hash: string;
}

/** The stamp of the notice of one flow. Pure. */
export function noticeStamp(program: Program): NoticeStamp {
  const notice = buildNotice(buildDocumentsModel([program]));
  return { version: notice.version, hash: notice.hash };
}
