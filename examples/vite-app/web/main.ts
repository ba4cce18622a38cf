import { chatReader } from "lawflow/runtime/chat";
import { startSupport } from "../src/support.flow";

const chat = startSupport({ method: "web-chat", chatReader });
const prompt = document.querySelector("output")!;
const input = document.querySelector("input")!;
prompt.textContent = chat.prompt.text;
document.querySelector("form")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const result = chat.answerText(input.value);
  prompt.textContent = (result.ok ? "" : result.message + " ") + chat.prompt.text;
  if (result.ok) input.value = "";
});
