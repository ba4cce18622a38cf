/**
 * The notice archive: each flow's privacy notice kept under its own hash, so
 * a consent receipt — which names the notice by that hash — points at the
 * exact text the person was shown (Art. 7(1): demonstrable consent; ISO/IEC
 * TS 27560 "privacy notice"). `<hash>.json` is the canonical content the hash
 * is of (anyone can check it with `sha256sum`); `<hash>.md` and `<hash>.html`
 * are the same notice as it reads. Pure: returns the files, writes nothing.
 */
import { canon } from "../../runtime/canon.ts";
import type { Program } from "../program.ts";
import { buildDocumentsModel } from "./model.ts";
import { buildNotice } from "./notice.ts";
import { renderNoticeHtml } from "./notice-html.ts";
import { renderNoticeMarkdown } from "./notice-markdown.ts";

export interface ArchivedNotice {
  /** The flow whose machine carries this notice's stamp. */
  readonly flow: string;
  readonly version: string;
  readonly hash: string;
  /** File names (no directory) and their text. */
  readonly files: readonly { readonly name: string; readonly text: string }[];
}

/** The archive files of each flow's own notice: the one its compiled machine's receipts name. */
export function noticeArchive(programs: readonly Program[]): ArchivedNotice[] {
  return programs.map((program) => {
    const notice = buildNotice(buildDocumentsModel([program]));
    return {
      flow: notice.content.flows[0]?.name ?? "",
      version: notice.version,
      hash: notice.hash,
      files: [
        { name: `${notice.hash}.json`, text: canon(notice.content) },
        { name: `${notice.hash}.md`, text: renderNoticeMarkdown(notice) },
        { name: `${notice.hash}.html`, text: renderNoticeHtml(notice) },
      ],
    };
  });
}
