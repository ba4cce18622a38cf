import { reply } from "./bot.js";

console.log(reply("chat-1", "hello")); // May we also email you our monthly newsletter?
console.log(reply("chat-1", "no")); // Where should we send our answer?
console.log(reply("chat-1", "not an email")); // Please give your email address. Where should we send our answer?
console.log(reply("chat-1", "ada@example.com")); // Thanks! We'll answer within one working day.
