import { defineConfig } from "vite";
import lawflow from "lawflow/vite";

export default defineConfig({ plugins: [lawflow()] });
