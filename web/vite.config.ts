/**
 * Vite config of the review app. `npm run dev` serves it with hot reload and
 * proxies the API paths to a running server (AUTOCLIP_URL, default
 * http://127.0.0.1:4000), so the app stays same-origin as in production.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.env.AUTOCLIP_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: here,
  plugins: [react()],
  build: { outDir: path.join(here, 'dist'), emptyOutDir: true, sourcemap: false },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target, ws: true, changeOrigin: false },
      '/files': { target },
      '/uploads': { target },
      '/healthz': { target },
    },
  },
});
