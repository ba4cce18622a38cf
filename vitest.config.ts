import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    // Generated modules and examples import Lawflow by its package name; tests run the sources.
    // Exact matches: a plain alias would also rewrite `lawflow/runtime/hmac` as a path under index.ts.
    alias: [
      ["lawflow/runtime", "./runtime/index.ts"],
      ["lawflow/runtime/records", "./runtime/records.ts"],
      ["lawflow/runtime/hmac", "./runtime/hmac.ts"],
      ["lawflow/runtime/migrate", "./runtime/migrate.ts"],
      ["lawflow/runtime/chat", "./runtime/chat.ts"],
      ["lawflow/compiler", "./compiler/index.ts"],
      ["lawflow/widget", "./widget/index.ts"],
      ["lawflow/react", "./react/index.ts"],
      ["lawflow/prettier", "./prettier/index.ts"],
    ].map(([name, source]) => ({ find: new RegExp(`^${name}$`), replacement: fileURLToPath(new URL(source!, import.meta.url)) })),
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
