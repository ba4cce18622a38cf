import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      // Generated modules import the runtime by its package name; tests run the source.
      "lawflow/runtime": fileURLToPath(new URL("./runtime/index.ts", import.meta.url)),
      "lawflow/compiler": fileURLToPath(new URL("./compiler/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
