// A page for the hook's tests: one component shows what useConversation
// returns, and exposes it (and how many times it rendered) to the test.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { useConversation, type ChatStore, type StoredChat } from "lawflow/react";
import { chatReader } from "lawflow/runtime/chat";
import { LeadCaptureMachine } from "../../examples/lead-capture/lead.flow";

type Exposed = { chat?: ReturnType<typeof useConversation>; renders: number; saved: StoredChat[]; events: string[] };
const w = window as unknown as { lawflow: Exposed };
w.lawflow = { renders: 0, saved: [], events: [] };

const params = new URLSearchParams(location.search);
/** `?store`: a store in memory whose first load returns `?saved=` (a StoredChat as JSON), slowly. */
const initial = params.get("saved");
const store: ChatStore | undefined = params.has("store")
  ? {
      load: () => new Promise((done) => setTimeout(() => done(initial ? (JSON.parse(initial) as StoredChat) : null), 50)),
      save: (_flow, chat) => void w.lawflow.saved.push(chat),
    }
  : undefined;

function Show() {
  const chat = useConversation(LeadCaptureMachine, { ...(store ? { store } : {}), chatReader, onEvent: (e) => w.lawflow.events.push(e.type) });
  w.lawflow.chat = chat;
  w.lawflow.renders++;
  return (
    <output>
      <span id="prompt">{chat.prompt ? chat.prompt.text : "loading"}</span> <span id="revision">{chat.revision}</span>{" "}
      <span id="ended">{String(chat.ended)}</span>
    </output>
  );
}

createRoot(document.getElementById("root")!).render(
  params.has("strict") ? (
    <StrictMode>
      <Show />
    </StrictMode>
  ) : (
    <Show />
  ),
);
