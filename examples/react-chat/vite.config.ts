// The React chat, built by Vite. `lawflow/vite` compiles ../lead-capture/lead.flow
// when src/Chat.tsx imports it; React comes from the app's own dependencies.
// The privacy notice generated from the same flow (`lawflow notice --format
// html`) is served beside the page as notice.html, where the chat links to it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import lawflow from "lawflow/vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const notice = () => readFileSync(here("../lead-capture/docs/notice.html"));

/** Only the notice: the other documents of ../lead-capture/docs (the record of processing) are not for visitors. */
const privacyNotice: Plugin = {
  name: "privacy-notice",
  configureServer: (server) => void server.middlewares.use("/notice.html", (_, res) => res.setHeader("content-type", "text/html; charset=utf-8").end(notice())),
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "notice.html", source: notice() });
  },
};

export default defineConfig({
  root: here("."),
  base: "./",
  publicDir: false,
  // lead.flow.ts, compiled beside the flow and checked in, already gives TypeScript its types.
  plugins: [lawflow({ declarations: false }), privacyNotice],
  // JSX compiled for React 17+'s automatic runtime, without a React plugin (no fast refresh needed here).
  oxc: { jsx: { runtime: "automatic" } },
  // Inside this repository the package's entry points are its sources; an app gets them from the installed package.
  resolve: {
    alias: {
      "lawflow/runtime/chat": here("../../runtime/chat.ts"),
      "lawflow/runtime": here("../../runtime/index.ts"),
      "lawflow/widget": here("../../widget/index.ts"),
      "lawflow/react": here("../../react/index.ts"),
    },
  },
  build: { outDir: here("dist"), emptyOutDir: true },
  logLevel: "warn",
});
