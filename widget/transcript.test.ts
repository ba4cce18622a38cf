import { describe, expect, it } from "vitest";
import { LeadCaptureMachine } from "../examples/lead-capture/lead.flow.ts";
import { fill, nodeOf, readTranscript } from "./transcript.ts";

describe("transcript", () => {
  it("fills a template with what is held now, and finds the step a text came from", () => {
    const thanks = LeadCaptureMachine.nodes.findIndex((n) => "id" in n && n.id === "thanks");
    const end = LeadCaptureMachine.nodes[thanks] as { text: Parameters<typeof fill>[0] };
    expect(fill(end.text, new Map([["company", "Acme"]]))).toBe("Thanks, Acme! Your quote is on its way.");
    expect(fill(end.text, new Map())).toBe("Thanks, ! Your quote is on its way.");
    expect(nodeOf(LeadCaptureMachine, "whatever", new Map(), "thanks")).toBe(thanks);
    expect(nodeOf(LeadCaptureMachine, "Hi! I can put a quote together for you.", new Map())).toBe(0);
    expect(nodeOf(LeadCaptureMachine, "Something else", new Map())).toBeUndefined();
  });

  it("reads a stored transcript, leaving out what is malformed", () => {
    const good = [
      { by: "bot", at: 1, node: 0 },
      { by: "you", at: 2, field: "company" },
      { by: "note", at: 3, text: "ok" },
      { by: "bot", at: 4, node: 1, why: ["quote"] },
    ];
    const bad = [
      null,
      1,
      "x",
      { by: "root", at: 1 },
      { by: "bot", at: "1" },
      { by: "bot", at: 1, node: 99 },
      { by: "bot", at: 1, node: 0.5 },
      { by: "you", at: 1, field: 7 },
      { by: "bot", at: 1, why: "quote" },
    ];
    expect(readTranscript([...good, ...bad], LeadCaptureMachine)).toEqual(good);
    expect(readTranscript({ length: 1 }, LeadCaptureMachine)).toEqual([]);
  });
});
