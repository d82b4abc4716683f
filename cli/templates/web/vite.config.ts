import { defineConfig } from 'vite';

// The page calls the app on the same origin: Vite forwards /api to the app's server
// (`cargo run` or `bffkit dev`), so the app needs no CORS.
export default defineConfig({
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
});
