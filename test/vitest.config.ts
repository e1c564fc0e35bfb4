import { defineConfig } from 'vitest/config'

// Whole-system tests start databases, simulators and server processes: generous timeouts, and files run
// one at a time so process tests do not fight over the machine's two cores.
export default defineConfig({
  test: {
    name: '@feedsync/test',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
