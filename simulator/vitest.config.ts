import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { name: '@feedsync/simulator', testTimeout: 20_000 },
})
