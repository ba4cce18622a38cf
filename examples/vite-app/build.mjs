import { build } from "esbuild";
import lawflow from "lawflow/esbuild";

await build({ entryPoints: ["web/main.ts"], bundle: true, outfile: "public/main.js", plugins: [lawflow()] });
