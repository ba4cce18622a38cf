// A small app using the XState machine: start it, answer, read the state.
import { createActor } from "xstate";
import { leadMachine } from "./machine.js";

const actor = createActor(leadMachine).start();
actor.send({ type: "company", value: "Initech" });
actor.send({ type: "plan", value: "pro" });
actor.send({ type: "birth_year", value: null });
actor.send({ type: "newsletter", value: true });
actor.send({ type: "email", value: "ada@example.com" });
const snapshot = actor.getSnapshot();
if (snapshot.matches("thanks")) console.log(snapshot.context.company, snapshot.context.email);
export const persisted = actor.getPersistedSnapshot();
