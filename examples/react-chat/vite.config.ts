// The React chat, built by Vite. `lawflow/vite` compiles ../lead-capture/lead.flow
// when src/Chat.tsx imports it; React comes from the app's own dependencies.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import lawflow from "lawflow/vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "./",
  publicDir: false,
  // lead.flow.ts, compiled beside the flow and checked in, already gives TypeScript its types.
  plugins: [lawflow({ declarations: false })],
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
