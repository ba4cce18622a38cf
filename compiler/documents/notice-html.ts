/**
 * The privacy notice as a complete HTML page: self-contained (inline styles,
 * no external resources, a Content-Security-Policy that fetches nothing),
 * with every author string escaped by one function.
 */
import type { DocumentFormat } from "./format.ts";
import { buildDocumentsModel } from "./model.ts";
import { buildNotice, type Notice } from "./notice.ts";

/** The one escaping function for HTML: text and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0}
main,header,footer{max-width:44rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.75rem;margin-top:2rem}h2{font-size:1.25rem;margin-top:2rem}
.article{color:#4a4a4a;font-size:.9rem;margin-top:-.5rem}
footer{border-top:1px solid #767676;margin-top:2rem;padding-top:1rem;padding-bottom:2rem;color:#4a4a4a;font-size:.9rem}
code{word-break:break-all}`;

export function renderNoticeHtml(notice: Notice): string {
  const { content } = notice;
  const e = escapeHtml;
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No external resources: nothing may be fetched, styles are inline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(content.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1>${e(content.title)}</h1>`,
    "<p>This notice tells you what we do with the personal data you give in this chat, as Article 13 of the General Data Protection Regulation (GDPR) requires.</p>",
    "</header>",
    "<main>",
  ];
  for (const s of content.sections) {
    const id = `s-${s.id.replace(/_/g, "-")}`;
    out.push(`<section aria-labelledby="${id}">`, `<h2 id="${id}">${e(s.heading)}</h2>`, `<p class="article">${e(s.article)}</p>`);
    for (const b of s.blocks) {
      if (b.kind === "paragraph") out.push(`<p>${e(b.text)}</p>`);
      else {
        out.push("<ul>");
        for (const item of b.items) {
          out.push(`<li>${item.label !== undefined ? `<strong>${e(item.label)}</strong>: ` : ""}${e(item.text)}</li>`);
        }
        out.push("</ul>");
      }
    }
    out.push("</section>");
  }
  out.push(
    "</main>",
    "<footer>",
    `<p>Notice version ${e(notice.version)}, content hash (SHA-256) <code>${e(notice.hash)}</code></p>`,
    "</footer>",
    "</body>",
    "</html>",
    "",
  );
  return out.join("\n");
}

export const noticeHtmlFormat: DocumentFormat = {
  description: "a complete HTML page",
  render: (programs) => renderNoticeHtml(buildNotice(buildDocumentsModel(programs))),
};
