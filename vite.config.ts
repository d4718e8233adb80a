import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' }

// Relative base so `dist/` works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  // The site is index.html alone: the bench page and the e2e lstm-check fixture build into their own folders
  // (scripts/servePage.ts). The training worker carries TensorFlow.js and four backends (~2.4 MB); it loads when
  // Train runs, not with the page.
  build: { chunkSizeWarningLimit: 2600 },
  // Cross-origin isolation lets WASM use threads and SharedArrayBuffer; `credentialless` keeps plain
  // cross-origin fetches (the Binance API) working. Static hosts need the same two headers.
  server: { port: 5173, strictPort: false, headers: ISOLATION },
  preview: { port: 4173, strictPort: true, headers: ISOLATION },
  // Pre-bundled so its .wasm files, imported with ?url, resolve the same in dev and in the build.
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm'] },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Vitest's 5 s default failed tests that take ~1 s on an idle machine when both cores were busy; a test may be
    // slow on a loaded machine, never wrong. Speed is measured by the benchmarks, not by timeouts.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
