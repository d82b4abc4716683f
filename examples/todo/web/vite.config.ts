// `npm run dev` serves the frontend on :5173 and proxies /api to the todo app on :8080,
// so the browser sees one origin and no CORS is needed. `npm run build` writes dist/,
// which the todo app serves at `/`.
import { defineConfig } from "vite";

export default defineConfig({
  server: {
    proxy: { "/api": process.env.TODO_API ?? "http://127.0.0.1:8080" },
  },
  build: { outDir: "dist", emptyOutDir: true },
});
