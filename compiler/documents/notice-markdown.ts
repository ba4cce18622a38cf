/** The privacy notice as Markdown. */
import type { DocumentFormat } from "./format.ts";
import { escapeMarkdown, escapeMarkdownBlock } from "./markdown.ts";
import { buildDocumentsModel } from "./model.ts";
import { buildNotice, type Notice } from "./notice.ts";

export function renderNoticeMarkdown(notice: Notice): string {
  const { content } = notice;
  const out: string[] = [`# ${escapeMarkdown(content.title)}`, ""];
  out.push(
    "This notice tells you what we do with the personal data you give in this chat, as Article 13 of the General Data Protection Regulation (GDPR) requires.",
    "",
  );
  for (const s of content.sections) {
    out.push(`## ${escapeMarkdown(s.heading)}`, "", `*${escapeMarkdown(s.article)}*`, "");
    for (const b of s.blocks) {
      if (b.kind === "paragraph") out.push(escapeMarkdownBlock(b.text), "");
      else {
        for (const item of b.items) {
          out.push(`- ${item.label !== undefined ? `**${escapeMarkdown(item.label)}**: ` : ""}${escapeMarkdown(item.text)}`);
        }
        out.push("");
      }
    }
  }
  out.push("---", "", `Notice version ${escapeMarkdown(notice.version)}, content hash (SHA-256) \`${notice.hash}\``, "");
  return out.join("\n");
}

export const noticeMarkdownFormat: DocumentFormat = {
  description: "Markdown",
  render: (programs) => renderNoticeMarkdown(buildNotice(buildDocumentsModel(programs))),
};
