import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createEventStore } from './create-event-store.js'
import { eventStoreContract } from './event-store.contract.js'

const url = process.env.TEST_DATABASE_URL

if (url !== undefined && url !== '') {
  // Each test gets a schema of its own, created here and dropped after it.
  eventStoreContract('Postgres', async () => {
    const schema = `store_test_${randomUUID().replaceAll('-', '')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(`create schema ${schema}`)
    } finally {
      await admin.end()
    }
    // 12 connections: the race test's 8 writers and its reader really overlap.
    const store = await createEventStore({ kind: 'postgres', url, schema, poolSize: 12 })
    return {
      store,
      async dispose() {
        await store.close()
        const dropper = new pg.Client({ connectionString: url })
        await dropper.connect()
        try {
          await dropper.query(`drop schema ${schema} cascade`)
        } finally {
          await dropper.end()
        }
      },
    }
  })

  describe('a store in a schema of its own', () => {
    it('migrates and works even when the public schema of its database already holds a store', async () => {
      const name = `store_schema_${randomUUID().replaceAll('-', '')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`create database ${name}`)
      try {
        const dbUrl = new URL(url)
        dbUrl.pathname = `/${name}`
        const inPublic = await createEventStore({ kind: 'postgres', url: dbUrl.href })
        await inPublic.appendToStream('s', 'any', [{ type: 'T', data: 'public', uniqueKey: 'k' }])
        await inPublic.close()
        const setup = new pg.Client({ connectionString: dbUrl.href })
        await setup.connect()
        await setup.query('create schema own')
        await setup.end()
        const own = await createEventStore({ kind: 'postgres', url: dbUrl.href, schema: 'own' })
        try {
          await own.appendToStream('s', 'no_stream', [{ type: 'T', data: 'own', uniqueKey: 'k' }])
          expect((await own.readStream('s')).map((e) => e.data)).toEqual(['own'])
        } finally {
          await own.close()
        }
      } finally {
        await admin.query(`drop database ${name} with (force)`)
        await admin.end()
      }
    })
  })
} else if (process.env.CI) {
  describe('EventStore contract on Postgres', () => {
    it('runs in CI, which must set TEST_DATABASE_URL', () => {
      throw new Error(
        'CI is set but TEST_DATABASE_URL is not: the Postgres contract suite must not be skipped in CI',
      )
    })
  })
} else {
  const reason = 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)'
  console.warn(`[@feedsync/store] skipping the Postgres contract suite: ${reason}`)
  describe.skip(`EventStore contract on Postgres (skipped: ${reason})`, () => {
    it('runs the contract suite against Postgres', () => {})
  })
}
