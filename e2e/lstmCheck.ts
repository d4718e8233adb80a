import { test as base } from '@playwright/test'
import { servePage, type ServedPage } from '../scripts/servePage'

/**
 * Tests of the lstm-check fixture page (e2e/fixtures/lstm-check), which is not part of the site: the page is
 * built into dist-e2e/ and served, cross-origin isolated, once per Playwright worker; `lstmCheckUrl` is its
 * address. Building takes a while (TensorFlow.js and its backends), hence the fixture's own timeout.
 */
export const test = base.extend<object, { lstmCheckUrl: string }>({
  lstmCheckUrl: [async ({}, use) => {
    const server: ServedPage = await servePage('e2e/fixtures/lstm-check', 'dist-e2e')
    try {
      await use(server.url)
    } finally {
      await server.close()
    }
  }, { scope: 'worker', timeout: 300_000 }],
})

export { expect } from '@playwright/test'
