import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { name: '@feedsync/exact-json' } })
