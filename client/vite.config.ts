import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { precompress } from './build/precompress';

// The client is built to client/dist, which the server serves. `npm run dev:client`
// proxies the API and socket.io to a server on :3000.
export default defineConfig({
  root: __dirname,
  plugins: [react(), precompress(path.resolve(__dirname, 'dist'))],
  build: {
    outDir: path.resolve(__dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    // livekit-client (~535 kB) is its own chunk, loaded only when a call is on LiveKit.
    chunkSizeWarningLimit: 600,
    // Two pages: the clinician app, and the light patient/guardian/interpreter visit page (served for /visit/*).
    rollupOptions: {
      input: {
        main: path.resolve(__dirname, 'index.html'),
        visit: path.resolve(__dirname, 'visit.html'),
        // The patient's self-report questionnaire (served for /screen).
        screen: path.resolve(__dirname, 'screen.html'),
      },
      output: {
        // zod and the switch that turns its eval probe off share one chunk, so
        // the switch runs before any module that parses at load (CSP: no eval).
        manualChunks(id: string) {
          if (
            id.includes('/node_modules/zod/') ||
            id.endsWith('zod-without-eval.ts')
          )
            return 'zod';
          return undefined;
        },
      },
    },
  },
  server: {
    // The client imports the shared zod schemas and types from ../signaling and ../server.
    fs: { allow: [path.resolve(__dirname, '..')] },
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
