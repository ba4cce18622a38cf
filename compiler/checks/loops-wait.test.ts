import { describe, expect, it } from "vitest";
import { HEADER, diagnose, only } from "./test-helpers.ts";

const ok =
  HEADER +
  `purpose quote "Prepare a quote" {
  basis contract
  needs seats
  retain 90 days
}
field seats: integer(1..500)
again: ask seats "Seats?" for quote under contract
say "Let me check."
if seats > 100 -> again
end "Thanks"
`;

describe("loops-wait", () => {
  it("passes a loop through a question", () => {
    expect(only(ok, "LF402")).toEqual([]);
  });

  it("LF402: reports a loop through only say, if and goto", () => {
    const src = ok.replace('say "Let me check."', 'check: say "Let me check."').replace("-> again", "-> check");
    expect(only(src, "LF402")).toEqual(["LF402@10:1"]);
    expect(only(src.replace("if seats > 100 -> check", "goto check"), "LF402")).toEqual(["LF402@10:1"]);
  });

  it("LF402: reports a goto to itself", () => {
    const src = ok.replace('say "Let me check."', "spin: goto spin");
    expect(only(src, "LF402")).toEqual(["LF402@10:1"]);
  });

  // The loops of real chats: "anything else?", "let me correct that", "try another date".
  const shop = (offers = "consent") =>
    HEADER +
    `purpose order "Take your order" {
  basis contract
  needs item, more
  retain 30 days
}
purpose offers "Send offers" {
  basis ${offers}${offers === "legitimate_interests" ? ' "We may send offers to customers"' : ""}
  needs item, more
  retain ${offers === "consent" ? "until withdrawn" : "30 days"}
}
field item: text(40)
field more: yesno
consent offers "May we send you offers?"
start: ask item "What would you like?" for offers under ${offers}
ask more "Anything else?" for offers under ${offers}
  when no -> done
goto start
done: end "Thanks"
`;

  it("passes a loop that asks for a purpose whose basis cannot be lost", () => {
    const src = shop().replaceAll("for offers under consent", "for order under contract, offers under consent");
    expect(only(src, "LF405")).toEqual([]);
    expect(only(src, "LF402")).toEqual([]);
  });

  it("LF405: reports a loop whose asks are all for a consent it does not ask for, with the loop as related places", () => {
    expect(only(shop(), "LF405")).toEqual(["LF405@16:1"]);
    const [d] = diagnose(shop()).filter((x) => x.code === "LF405");
    expect(d!.related?.map((r) => r.message)).toEqual(["→ part of the loop", "→ part of the loop"]);
  });

  it("passes the same loop once its consent request is inside it: the request waits whenever the asks would be skipped", () => {
    const src = shop().replace('consent offers "May we send you offers?"\nstart: ask', 'start: consent offers "May we send you offers?"\nask');
    expect(only(src, "LF405")).toEqual([]);
  });

  it("LF405: reports a loop of asks under legitimate interests, which an objection stops", () => {
    const src = shop("legitimate_interests").replace('consent offers "May we send you offers?"\n', "");
    expect(only(src, "LF405")).toEqual(["LF405@15:1"]);
  });

  it("LF405: reports a loop through a consent request alone, passed once given", () => {
    const src = HEADER + `purpose news "News" {
  basis consent
  needs email
  retain until withdrawn
}
field email: email
again: consent news "News?"
  given -> again
ask email "Email?" for news under consent
end "Thanks"
`;
    expect(only(src, "LF405")).toEqual(["LF405@9:1"]);
  });
});
