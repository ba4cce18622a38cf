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

/**
 * An e-mail address as it may be linked: letters, digits and `._%+-` before the
 * `@`, dotted labels after it. Nothing that could close an attribute or start a
 * scheme other than `mailto:`; anything else an author wrote stays text.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Escaped text in which each e-mail address is a `mailto:` link, so "contact privacy@…" is one tap away. */
export function linkedHtml(text: string): string {
  let out = "";
  let at = 0;
  for (const m of text.matchAll(EMAIL)) {
    const address = m[0];
    out += escapeHtml(text.slice(at, m.index)) + `<a href="mailto:${escapeHtml(address)}">${escapeHtml(address)}</a>`;
    at = m.index + address.length;
  }
  return out + escapeHtml(text.slice(at));
}

// overflow-wrap: a long address or word (a title, an e-mail) breaks rather than
// pushing the page sideways on a phone at 200% zoom, where the title also
// shrinks so that its words fit whole; the contents list is of no use on paper.
const STYLE = `body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0;overflow-wrap:anywhere}
main,header,nav,footer{max-width:44rem;margin:0 auto;padding:0 1rem}
a{color:#0b57d0}a:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
nav ol{padding-inline-start:1.5rem}nav li{margin:.25rem 0}
@media print{nav{display:none}a{color:inherit}}
h1{font-size:clamp(1.375rem,7vw,1.75rem);margin-top:2rem}h2{font-size:1.25rem;margin-top:2rem}
.article{color:#4a4a4a;font-size:.9rem;margin-top:-.5rem}
footer{border-top:1px solid #767676;margin-top:2rem;padding-top:1rem;padding-bottom:2rem;color:#4a4a4a;font-size:.9rem}
code{word-break:break-all}`;

/** A section's element id (and the contents' link target): `s-legitimate-interests`. */
const sectionId = (item: string) => `s-${item.replace(/_/g, "-")}`;

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
    // Thirteen sections are several screens on a phone: a list of them, each a
    // link to its section, lets a reader go straight to "Your rights".
    '<nav aria-labelledby="contents">',
    '<h2 id="contents">Contents</h2>',
    "<ol>",
    ...content.sections.map((s) => `<li><a href="#${sectionId(s.id)}">${e(s.heading)}</a></li>`),
    "</ol>",
    "</nav>",
    "<main>",
  ];
  for (const s of content.sections) {
    const id = sectionId(s.id);
    out.push(`<section aria-labelledby="${id}">`, `<h2 id="${id}">${e(s.heading)}</h2>`, `<p class="article">${e(s.article)}</p>`);
    for (const b of s.blocks) {
      if (b.kind === "paragraph") out.push(`<p>${linkedHtml(b.text)}</p>`);
      else {
        out.push("<ul>");
        for (const item of b.items) {
          out.push(`<li>${item.label !== undefined ? `<strong>${e(item.label)}</strong>: ` : ""}${linkedHtml(item.text)}</li>`);
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
