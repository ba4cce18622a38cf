// The whole integration: register the element, give it the compiled flow.
import { defineChat } from "lawflow/widget";
import { LeadCaptureMachine } from "../../lead-capture/lead.flow";

defineChat();
document.querySelector("lawflow-chat")!.machine = LeadCaptureMachine;
