import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { name: '@feedsync/server', testTimeout: 30_000, hookTimeout: 30_000 } })
