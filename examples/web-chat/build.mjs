// Builds the web chat into dist/ with Vite (vite.config.ts): the page, its
// script (the widget, the flow compiled by lawflow/vite, the runtime) and the
// privacy notice. Run from anywhere: node examples/web-chat/build.mjs
import { build } from "vite";
import { fileURLToPath } from "node:url";

const configFile = fileURLToPath(new URL("./vite.config.ts", import.meta.url));
await build({ configFile });
console.log(`web-chat: built ${fileURLToPath(new URL("./dist", import.meta.url))}`);
