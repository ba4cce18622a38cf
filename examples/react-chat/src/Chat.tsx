// A chat of lead.flow in React: the hook gives the prompt and the runtime's
// actions; the page only draws them. The snapshot is kept in localStorage
// (the store interface and `localStore` of the widget), so a reload resumes the conversation.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { localStore, useConversation } from "lawflow/react";
import { chatReader } from "lawflow/runtime/chat";
import { LeadCaptureMachine, type LeadCaptureTypes } from "../../lead-capture/lead.flow";

const store = localStore("react-chat:");

export function Chat() {
  const chat = useConversation<LeadCaptureTypes>(LeadCaptureMachine, { store, chatReader });
  const [typed, setTyped] = useState("");
  const [error, setError] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const bot = useRef<HTMLElement>(null);
  const prompt = chat.prompt;
  // A button that answered is gone with its question, and focus with it: put
  // a keyboard user at the next answer (or, once the chat has ended, at its
  // last message) instead of at the top of the page. Not on the first
  // question: a page that opens does not move focus.
  const shown = useRef(prompt);
  useEffect(() => {
    const moved = shown.current !== undefined && shown.current !== prompt;
    shown.current = prompt;
    if (moved && document.activeElement === document.body) (input.current ?? bot.current)?.focus();
  }, [prompt]);
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
      <section className="bot" aria-live="polite" aria-label="Chat" tabIndex={-1} ref={bot}>
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
          <input id="typed" ref={input} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" aria-describedby="hint" />
          <button type="submit">Send</button>
        </form>
      )}
      {!chat.ended && (
        <p id="hint" className="hint">
          You can also type “my data”, “stop” or “forget me”.
        </p>
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
      <p>
        <a href="notice.html">How we use your data: our privacy notice</a>
      </p>
    </>
  );
}
