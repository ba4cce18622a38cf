// Builds the React chat into dist/ with Vite (vite.config.ts).
// Run from anywhere: node examples/react-chat/build.mjs
import { build } from "vite";
import { fileURLToPath } from "node:url";

const configFile = fileURLToPath(new URL("./vite.config.ts", import.meta.url));
await build({ configFile });
console.log(`react-chat: built ${fileURLToPath(new URL("./dist", import.meta.url))}`);
