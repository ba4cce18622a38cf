// The whole integration: register the element, give it the compiled flow.
import { defineChat } from "lawflow/widget";
import { LeadCaptureMachine } from "../../lead-capture/lead.flow";
import { GERMAN } from "./words-de";

defineChat();
const chat = document.querySelector("lawflow-chat")!;
// `?lang=de`: the chat's own words in German (the flow's questions are the flow's, in English).
if (new URLSearchParams(location.search).get("lang") === "de") {
  chat.lang = "de";
  chat.options = { words: GERMAN };
}
chat.machine = LeadCaptureMachine;
