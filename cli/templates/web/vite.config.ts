import { defineConfig } from 'vite';

// The page calls the app on the same origin: Vite forwards /api to the app's server
// (`cargo run` or `bffkit dev`; BFF_URL when it listens elsewhere), so the app needs no
// CORS. `vite preview` uses the same proxy.
export default defineConfig({
  server: {
    proxy: {
      '/api': process.env.BFF_URL ?? 'http://127.0.0.1:8080',
    },
  },
});
