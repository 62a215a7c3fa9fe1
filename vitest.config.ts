import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dnnlab-demo/**", "exercises/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // @actions/workflow-parser (the workflow tests) imports its JSON schema without an
    // import attribute, which Node refuses: let vite load it instead.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
