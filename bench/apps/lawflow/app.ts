// A small app using the generated lead-capture module: start it, answer, read the prompt.
import { startLeadCapture } from "./lead.flow.js";

const chat = startLeadCapture();
chat.answer("company", "Initech");
chat.answer("plan", "pro");
chat.answer("birth_year", null);
chat.answer("newsletter", true);
chat.answer("email", "ada@example.com");
if (chat.prompt.step === "thanks") console.log(chat.dataFor("quote").company, chat.dataFor("newsletter").email);
export const persisted = chat.snapshot();
