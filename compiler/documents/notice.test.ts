/**
 * The privacy notice carries every item of GDPR Art. 13: present where the
 * flow declares it, marked absent or not applicable where it does not — never
 * silently missing. Its hash names its content; its HTML escapes every
 * author string.
 */
import { describe, expect, it } from "vitest";
import { FULL, FULL_MARKETING, MINIMAL } from "../../test/documents/fixtures.ts";
import { modelOf } from "../../test/documents/helpers.ts";
import { canon } from "../../runtime/canon.ts";
import { escapeMarkdown } from "./markdown.ts";
import { escapeHtml, linkedHtml, renderNoticeHtml } from "./notice-html.ts";
import { renderNoticeMarkdown } from "./notice-markdown.ts";
import { buildNotice, type NoticeItem, type NoticeSection } from "./notice.ts";
import { noticeStamp } from "./stamp.ts";
import { programOf } from "../../test/documents/helpers.ts";
import { memoryReader } from "../load.ts";

const full = buildNotice(modelOf({ "full.flow": FULL_MARKETING }, "full.flow"));
const minimal = buildNotice(modelOf({ "tiny.flow": MINIMAL }, "tiny.flow"));

const section = (n: typeof full, id: NoticeItem): NoticeSection => {
  const s = n.content.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id}`);
  return s;
};
const text = (s: NoticeSection) =>
  s.blocks.map((b) => (b.kind === "paragraph" ? b.text : b.items.map((i) => `${i.label ?? ""}: ${i.text}`).join("\n"))).join("\n");

/** Art. 13 item → section, and what the full and the minimal flow must say there. */
const CHECKLIST: { id: NoticeItem; article: string; full: RegExp[]; minimal: { status: NoticeSection["status"]; says: RegExp } }[] = [
  { id: "controller", article: "Art. 13(1)(a)", full: [/Harbour Clinic/, /privacy@harbour\.example/], minimal: { status: "declared", says: /Tiny Co.*hello@tiny\.example/ } },
  { id: "dpo", article: "Art. 13(1)(b)", full: [/dpo@harbour\.example/], minimal: { status: "absent", says: /No data protection officer/ } },
  {
    id: "purposes",
    article: "Art. 13(1)(c)",
    full: [/Book your appointment: Lawful basis: Contract \(Art\. 6\(1\)\(b\)\)/, /Consent \(Art\. 6\(1\)\(a\)\)/, /Legal obligation \(Art\. 6\(1\)\(c\)\)\. Law: Health Records Act/, /special-category data \(health\), processed under the Art\. 9\(2\)\(h\) condition: health or social care/],
    minimal: { status: "declared", says: /Reply to your question: Lawful basis: Contract/ },
  },
  { id: "legitimate_interests", article: "Art. 13(1)(d)", full: [/Decide how urgent.*Seeing urgent cases first keeps patients safe\./], minimal: { status: "not_applicable", says: /None of these purposes rests on legitimate interests/ } },
  { id: "recipients", article: "Art. 13(1)(e)", full: [/BookIt Ltd \(processor\): for “Book your appointment”/], minimal: { status: "absent", says: /do not share/ } },
  { id: "transfers", article: "Art. 13(1)(f)", full: [/Canada: .*Adequacy decision \(Art\. 45\)/], minimal: { status: "absent", says: /do not transfer/ } },
  {
    id: "retention",
    article: "Art. 13(2)(a)",
    full: [/Book your appointment: We keep it 1 year/, /6 months after it is collected, or until you withdraw your consent/, /consent lasts 12 months/],
    minimal: { status: "declared", says: /7 days after it is collected/ },
  },
  {
    id: "rights",
    article: "Art. 13(2)(b)",
    full: [
      /Access \(Art\. 15\).*all the data/,
      /Rectification \(Art\. 16\).*all the data/,
      /Erasure \(Art\. 17\).*not to the data for “Keep the records health law requires” \(Art\. 17\(3\)\(b\)/,
      /Restriction \(Art\. 18\).*all the data/,
      /Portability \(Art\. 20\).*applies to the data for “Book your appointment”, “Text you appointment reminders”, “Text you our offers”; not to .*Art\. 20\(1\)\(a\)/,
      /Objection \(Art\. 21\).*applies to the data for “Text you our offers”, “Decide how urgent your visit is”; not/,
    ],
    minimal: { status: "always", says: /Objection \(Art\. 21\).*does not apply here/ },
  },
  {
    id: "withdrawal",
    article: "Art. 13(2)(c)",
    full: [/withdraw it at any time/, /Type “stop” in this chat while it is open, or contact privacy@harbour\.example at any time/],
    minimal: { status: "not_applicable", says: /None of these purposes rests on your consent/ },
  },
  {
    id: "direct_marketing",
    article: "Art. 21(2)–(4)",
    full: [/object at any time .* direct marketing, whatever the lawful basis/, /no exception/, /Text you our offers: Type “stop offers” or “I object” or “stop marketing” or “no marketing” in this chat/],
    minimal: { status: "not_applicable", says: /do not use your data for direct marketing/ },
  },
  { id: "complaint", article: "Art. 13(2)(d)", full: [/lodge a complaint with a data protection supervisory authority/], minimal: { status: "always", says: /lodge a complaint/ } },
  {
    id: "provision",
    article: "Art. 13(2)(e)",
    full: [
      /your full name: .*needed to do this for you.*required by law \(Health Records Act/,
      /your symptoms: .*you are not obliged to give it/,
      /your mobile number: .*you may skip this question/,
    ],
    minimal: { status: "declared", says: /your email address: .*needed to do this for you/ },
  },
  { id: "automated", article: "Art. 13(2)(f)", full: [/Your answers are scored/, /profiling/, /does not on its own decide anything/], minimal: { status: "absent", says: /do not make decisions about you by automated means/ } },
];

describe("notice: the Art. 13 checklist", () => {
  it("has one section per item, in the order of the article", () => {
    expect(full.content.sections.map((s) => s.id)).toEqual(CHECKLIST.map((c) => c.id));
    expect(full.content.sections.map((s) => s.article)).toEqual(CHECKLIST.map((c) => c.article));
  });

  for (const item of CHECKLIST) {
    it(`${item.article} (${item.id}): stated when declared`, () => {
      const s = section(full, item.id);
      expect(s.status === "declared" || s.status === "always").toBe(true);
      for (const re of item.full) expect(text(s)).toMatch(re);
    });
    it(`${item.article} (${item.id}): marked ${item.minimal.status} otherwise`, () => {
      const s = section(minimal, item.id);
      expect(s.status).toBe(item.minimal.status);
      expect(text(s)).toMatch(item.minimal.says);
    });
  }

  it("a consent purpose's data is voluntary, and nothing happens if refused", () => {
    const lead = buildNotice(
      modelOf(
        {
          "n.flow": `flow N version "1.0.0"
controller "C" contact "c@example.org"
purpose news "Send news" { basis consent  needs email  retain until withdrawn }
field email: email "your email"
consent news "May we?"
  refused -> bye
ask email "Email?" for news under consent
end "Thanks"
end bye "Bye"`,
        },
        "n.flow",
      ),
    );
    expect(text(section(lead, "provision"))).toMatch(/voluntary, asked only with your consent; if you refuse, nothing else changes/);
    // Without a `withdraw on` phrase the chat cannot withdraw: the notice does not say it can.
    expect(text(section(lead, "withdrawal"))).toMatch(/: Contact c@example\.org at any time\.$/);
  });

  it("a field a consent step `keeps` is data of its purpose (Art. 13(1)(c)), and voluntary for it (Art. 13(2)(e))", () => {
    const pool = buildNotice(
      modelOf(
        {
          "k.flow": `flow K version "1.0.0"
controller "C" contact "c@example.org"
purpose apply "Consider your application" { basis contract  needs name, email  retain 6 months }
purpose pool "Tell you about other roles" { basis consent  needs name, email  retain 12 months }
field name: text(100) "your name"
field email: email "your email address"
ask name "Name?" for apply under contract
consent pool "May we keep your name to tell you about other roles?"
  keeps name
ask email "Email?" for apply under contract, pool under consent
end "Thanks"`,
        },
        "k.flow",
      ),
    );
    // A yes adds the name already given to the pool: the notice names it as the pool's data, as the record does.
    expect(text(section(pool, "purposes"))).toMatch(/^Tell you about other roles: Lawful basis: Consent \(Art\. 6\(1\)\(a\)\)\. Data: your name, your email address\.$/m);
    expect(text(section(pool, "provision"))).toMatch(
      /^your name: For “Consider your application”: needed .*\. For “Tell you about other roles”: voluntary, asked only with your consent; if you refuse, nothing else changes\.$/m,
    );
  });

  it("Markdown and HTML show every section heading and the article", () => {
    const md = renderNoticeMarkdown(full);
    const html = renderNoticeHtml(full);
    for (const s of full.content.sections) {
      expect(md).toContain(`## ${escapeMarkdown(s.heading)}`);
      expect(md).toContain(`*${s.article}*`);
      expect(html).toContain(`>${escapeHtml(s.heading)}</h2>`);
    }
  });
});

describe("notice: version and hash", () => {
  it("carries the flow's version and the SHA-256 of the content in the runtime's canonical JSON", async () => {
    const { createHash } = await import("node:crypto");
    expect(full.version).toBe("3.2.1");
    expect(full.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(full.hash).toBe(createHash("sha256").update(canon(full.content)).digest("hex"));
    expect(renderNoticeMarkdown(full)).toContain(full.hash);
    expect(renderNoticeHtml(full)).toContain(full.hash);
  });

  it("does not depend on where the files are, and changes with what the person reads", () => {
    const a = noticeStamp(programOf("a/full.flow", memoryReader({ "a/full.flow": FULL_MARKETING })));
    const b = noticeStamp(programOf("elsewhere/x.flow", memoryReader({ "elsewhere/x.flow": FULL_MARKETING })));
    expect(a).toEqual(b);
    expect(a).toEqual({ version: full.version, hash: full.hash });
    const changed = noticeStamp(programOf("c.flow", memoryReader({ "c.flow": FULL.replace("retain 1 year", "retain 2 years") })));
    expect(changed.hash).not.toBe(a.hash);
  });

  it("hashes a small notice in JavaScript and a large one natively, to the same SHA-256", async () => {
    const { createHash } = await import("node:crypto");
    // A notice over 64K characters: long purpose descriptions, with text beyond Latin-1.
    const model = modelOf({ "full.flow": FULL }, "full.flow");
    const long = " — “because” we ask €".repeat(1200);
    const large = buildNotice({ ...model, purposes: model.purposes.map((p) => ({ ...p, why: p.why + long })) });
    expect(canon(large.content).length).toBeGreaterThan(64 * 1024);
    for (const n of [full, minimal, large]) expect(n.hash).toBe(createHash("sha256").update(canon(n.content), "utf8").digest("hex"));
  });
});

describe("notice: HTML", () => {
  const evil = `flow Evil version "1.0.0"
controller "<script>alert('c')</script> & Co \\"Ltd\\"" contact "a&b@<x>.example" dpo "<img src=x onerror=alert(1)>"
security "<b>bold</b>"
purpose p "<script>alert(\\"why\\")</script>" {
  basis legitimate_interests "We & \\"they\\" <like> it"
  needs f
  retain 1 day
  shared with "<iframe src='//evil'>"
  transfer to "<Mars>" under "'quoted' & \\"double\\""
  automated profiling "<svg onload=alert(1)>"
}
field f: text(10) "<i>label</i> & 'x'"
ask f "<script>document.cookie</script>?" for p under legitimate_interests
end "Bye <b>"`;
  const notice = buildNotice(modelOf({ "evil.flow": evil }, "evil.flow"));
  const html = renderNoticeHtml(notice);

  it("escapes every author string: no tag, attribute or entity of theirs survives", () => {
    const body = html.slice(html.indexOf("<body>"));
    // The only tags in the page are the ones the renderer writes.
    const tags = [...body.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
    expect(new Set(tags)).toEqual(new Set(["body", "header", "h1", "p", "nav", "ol", "a", "main", "section", "h2", "ul", "li", "strong", "footer", "code", "html"]));
    expect(html).not.toMatch(/<script|<img|<iframe|<svg|<b>|<i>|<Mars>/i);
    expect(html).toContain("&lt;script&gt;alert(&#39;c&#39;)&lt;/script&gt; &amp; Co &quot;Ltd&quot;");
    expect(html).toContain("We &amp; &quot;they&quot; &lt;like&gt; it.");
    // Every `&` starts one of the five entities the escaper writes.
    expect(html.match(/&(?!amp;|lt;|gt;|quot;|#39;)/g)).toBeNull();
  });

  it("is a complete, accessible page with no external resources", () => {
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">")).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toMatch(/<main>[\s\S]*<\/main>/);
    expect(html.match(/<h1/g)).toHaveLength(1);
    // Each section is labelled by its heading.
    for (const m of html.matchAll(/<section aria-labelledby="([^"]+)">/g)) expect(html).toContain(`<h2 id="${m[1]}">`);
    expect(html).not.toMatch(/<[^>]*\bsrc=/);
    // Links go only to a section of the page or to an e-mail address: none loads anything.
    for (const m of html.matchAll(/\bhref="([^"]*)"/g)) expect(m[1]).toMatch(/^(#s-[a-z-]+|mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)$/);
    expect(html).not.toMatch(/<link|@import|url\(/);
    expect(html).toContain("default-src 'none'");
  });

  it("lists every section as a link to it, before the notice itself", () => {
    const contents = html.slice(html.indexOf("<nav"), html.indexOf("</nav>"));
    expect(html.indexOf("</nav>")).toBeLessThan(html.indexOf("<main>"));
    const targets = [...contents.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(targets).toEqual([...html.matchAll(/<h2 id="(s-[^"]+)">([^<]*)<\/h2>/g)].map((m) => [m[1], m[2]]));
    expect(targets).toHaveLength(notice.content.sections.length);
  });

  it("makes an e-mail address a mailto: link, and nothing an author wrote around it", () => {
    const page = renderNoticeHtml(full);
    expect(page).toContain('You can contact them at <a href="mailto:privacy@harbour.example">privacy@harbour.example</a>.</p>');
    expect(page).toContain('at <a href="mailto:dpo@harbour.example">dpo@harbour.example</a>.</p>');
    expect(linkedHtml("Write to a.b+c@mail.acme.example, or call.")).toBe('Write to <a href="mailto:a.b+c@mail.acme.example">a.b+c@mail.acme.example</a>, or call.');
    // Not an address: stays escaped text, never an attribute.
    expect(linkedHtml(`x" onclick="alert(1)@evil.example`)).toBe('x&quot; onclick=&quot;alert(1)@evil.example');
    expect(linkedHtml("javascript:alert(1)//@x.example")).not.toContain("href");
    // The hostile controller's address ("a&b@<x>.example") is not one either.
    expect(html).not.toContain("mailto:");
  });

  it("Markdown escapes author markup too", () => {
    const md = renderNoticeMarkdown(notice);
    expect(md).not.toMatch(/(?<!\\)<(script|img|iframe|svg)/);
    expect(md).toContain("\\<script\\>");
  });
});
describe("notice: automated decisions and profiling (Art. 13(2)(f), Art. 22)", () => {
  const flow = (automated: string, basis = "contract") => `flow Hiring version "1.0.0"
controller "Acme Ltd" contact "privacy@acme.example"
purpose screening "Consider your application" {
  basis ${basis}
  needs answers
  retain 6 months
  ${automated}
}
field answers: text(500) "your answers"
ask answers "Tell us about your experience" for screening under ${basis.split(" ")[0]}
end "Thank you."
`;
  const automated = (item: string, basis?: string) => {
    const s = section(buildNotice(modelOf({ "hiring.flow": flow(item, basis) }, "hiring.flow")), "automated");
    return { status: s.status, text: JSON.stringify(s.blocks) };
  };

  it("profiling without legal or similarly significant effects gets no Art. 22(3) wording and no claim that we decide (WP251rev.01, Art. 4(4))", () => {
    const { status, text } = automated('automated profiling "Your answers are grouped by topic for the recruiter"', 'legitimate_interests "Reading applications faster"');
    expect(status).toBe("declared");
    expect(text).toContain("Your answers are grouped by topic for the recruiter.");
    expect(text).toContain("We do not make decisions about you by automated means alone that have legal or similarly significant effects on you.");
    expect(text).not.toMatch(/22\(3\)|We make some decisions/);
  });

  it("a solely automated decision states the logic, the consequences, the Art. 22(2) exception and the Art. 22(3) safeguards (Art. 13(2)(f))", () => {
    const { text } = automated('automated decision "A score from your answers ranks you" effects "A low score ends the application without a person reading it"');
    expect(text).toContain("How it works: A score from your answers ranks you. What it means for you: A low score ends the application without a person reading it. It is necessary to enter into or perform our contract with you (Art. 22(2)(a)).");
    expect(text).toContain("give your view and contest it (Art. 22(3))");
    expect(text).not.toContain("profiling —");
  });

  it("a decision authorised by law names the law, and its safeguards are the law's (Art. 22(2)(b))", () => {
    const { text } = automated('automated decision "Income is checked against the benefit threshold" effects "Above it, no benefit is paid"', 'legal_obligation "Social Security Act 2020, s. 3"');
    expect(text).toContain("It is authorised by law: Social Security Act 2020, s. 3 (Art. 22(2)(b)).");
    expect(text).toContain("lays down the safeguards for your rights (Art. 22(2)(b))");
    expect(text).not.toContain("Art. 22(3)");
  });
});

describe("notice: the Art. 9(2) condition with what it rests on", () => {
  it("names the condition by its letter and words, and the fact it rests on (Art. 9(2)(h), Art. 13(1)(c))", () => {
    expect(JSON.stringify(section(full, "purposes").blocks)).toContain(
      "processed under the Art. 9(2)(h) condition: health or social care (Care by our registered clinicians, who are bound by professional secrecy).",
    );
  });
});

