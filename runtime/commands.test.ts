import { describe, expect, it } from "vitest";
import { command, norm, yesNo } from "./commands.ts";
import { leadCapture } from "../test/runtime/test-machines.ts";

describe("chat commands", () => {
  it("normalises case, punctuation and spacing", () => {
    expect(norm("  What do you KNOW about me?! ")).toBe("what do you know about me");
    expect(norm("don't")).toBe("don t");
  });

  it("recognises the flow's withdrawal phrases first", () => {
    expect(command("STOP", leadCapture)).toEqual({ kind: "withdraw", purpose: "newsletter" });
    expect(command("unsubscribe.", leadCapture)).toEqual({ kind: "withdraw", purpose: "newsletter" });
  });

  it("recognises access and erasure requests", () => {
    for (const s of ["What do you know about me?", "show my data", "My data!"]) expect(command(s, leadCapture), s).toEqual({ kind: "export" });
    for (const s of ["Forget me", "delete my data.", "ERASE MY DATA"]) expect(command(s, leadCapture), s).toEqual({ kind: "erase" });
  });

  it("leaves everything else, and long input, alone", () => {
    for (const s of ["Acme", "stop it now", "", "forget me " + "x".repeat(300)]) expect(command(s, leadCapture), s).toBeUndefined();
  });

  it("reads yes and no", () => {
    expect(yesNo("Yes please")).toBe(undefined);
    expect(yesNo("OK!")).toBe(true);
    expect(yesNo("No thanks.")).toBe(false);
    expect(yesNo("y".repeat(1 << 20))).toBe(undefined);
  });
});
