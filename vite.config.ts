import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Relative base so `dist/` works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  // bench.html drives `npm run bench` in headless Chromium; it ships with the site but nothing links to it.
  build: { rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } } },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
  },
})
