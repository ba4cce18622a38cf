// A chat of lead.flow in React: the hook gives the prompt and the runtime's
// actions; the page only draws them. The snapshot is kept in localStorage
// (the store interface and `localStore` of the widget), so a reload resumes the conversation.
import { useState, type FormEvent } from "react";
import { localStore, useConversation } from "lawflow/react";
import { chatReader } from "lawflow/runtime/chat";
import { LeadCaptureMachine, type LeadCaptureTypes } from "../../lead-capture/lead.flow";

const store = localStore("react-chat:");

export function Chat() {
  const chat = useConversation<LeadCaptureTypes>(LeadCaptureMachine, { store, chatReader });
  const [typed, setTyped] = useState("");
  const [error, setError] = useState("");
  const prompt = chat.prompt;
  if (!prompt) return <p>Loading…</p>;

  const done = (result: { ok: boolean; message?: string }) => {
    setError(result.ok ? "" : (result.message ?? ""));
    // A refused answer keeps what was typed, to correct it.
    if (result.ok) setTyped("");
  };
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim()) done(chat.answerText(typed));
  };
  const held = chat.export().data;

  return (
    <>
      <h1>Get a quote</h1>
      <section className="bot" aria-live="polite">
        {prompt.messages.map((m) => (
          <p key={m} dir="auto">{m}</p>
        ))}
        <p dir="auto" data-testid="prompt">{prompt.text}</p>
        {"purposes" in prompt && (
          <details>
            <summary>Why are we asking?</summary>
            <ul>
              {prompt.purposes.map((p) => (
                <li key={p.purpose}>{p.why}</li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {prompt.kind === "ask" && prompt.choices.length > 0 && (
        <div className="actions">
          {prompt.choices.map((c) => (
            <button key={c.value} type="button" onClick={() => done(chat.answer("plan", c.value as "basic" | "pro" | "enterprise"))}>
              {c.label}
            </button>
          ))}
        </div>
      )}
      {prompt.kind === "consent" && (
        <div className="actions">
          <button type="button" onClick={() => done(chat.answer("newsletter", true))}>Yes, I agree</button>
          <button type="button" onClick={() => done(chat.answer("newsletter", false))}>No, thanks</button>
        </div>
      )}
      {!chat.ended && (
        <form onSubmit={send}>
          <label htmlFor="typed" className="visually-hidden">Your answer</label>
          <input id="typed" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" placeholder="Your answer, or “my data”, “stop”, “forget me”" />
          <button type="submit">Send</button>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <h2>Your data</h2>
      {held.length ? (
        <ul data-testid="held">
          {held.map((h) => (
            <li key={h.field}>
              <bdi>{h.label}</bdi>: <bdi>{String(h.value)}</bdi>
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="held">We hold nothing about you.</p>
      )}
      <div className="actions">
        <button type="button" onClick={() => chat.withdraw("newsletter")}>Withdraw newsletter consent</button>
        <button type="button" onClick={() => window.confirm("Erase everything we hold about you?") && chat.erase()}>Erase my data</button>
        <button type="button" onClick={() => chat.restart()}>Start again</button>
      </div>
    </>
  );
}
