import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium'

// Ports can be moved (E2E_FAKE_PORT, E2E_PREVIEW_PORT) so two checkouts can run their browser tests side by side.
export const FAKE_BINANCE_PORT = Number(process.env.E2E_FAKE_PORT ?? 9876)
const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4173)

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    // An action that cannot find its element fails in 30 s instead of waiting out a long test's whole timeout.
    actionTimeout: 30_000,
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}/`,
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      // The production build, served statically: what a user gets from any static host.
      command: `npx vite preview --port ${PREVIEW_PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${PREVIEW_PORT}/`,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx tsx e2e/fake-binance/main.ts --port ${FAKE_BINANCE_PORT}`,
      url: `http://127.0.0.1:${FAKE_BINANCE_PORT}/api/v3/ping`,
      reuseExistingServer: !process.env.CI,
    },
  ],
})
