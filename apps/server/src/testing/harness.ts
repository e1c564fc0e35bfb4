// Test support: the app on an in-memory PGlite store, a fake Codat and a manual clock.
import { createEventStore, type EventStore } from '@feedsync/store'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../app.js'
import { ManualClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { FakeCodat } from './fake-codat.js'

export const KEY_A = 'tenant-a-key-0123456789abcdef'
export const KEY_B = 'tenant-b-key-fedcba9876543210'
export const CODAT_KEY = 'codat-secret-key-Zq8vN3pL0wXy7Rt2'

export interface Harness {
  app: FastifyInstance
  store: EventStore
  codat: FakeCodat
  clock: ManualClock
  logs: string[]
  close(): Promise<void>
}

/** A fresh app. Each harness gets its own in-memory database unless `store` is given. */
export async function harness(
  options: { env?: Record<string, string>; store?: EventStore; codat?: FakeCodat; now?: string } = {},
): Promise<Harness> {
  const store = options.store ?? (await createEventStore({ kind: 'pglite' }))
  const codat = options.codat ?? new FakeCodat()
  const clock = new ManualClock(options.now ?? '2026-11-25T09:00:00.000Z')
  codat.now = () => clock.ms
  const config = loadConfig({
    CODAT_API_KEY: CODAT_KEY,
    CODAT_BASE_URL: 'http://127.0.0.1:1',
    FEEDSYNC_API_KEYS: `${KEY_A},${KEY_B}`,
    FEEDSYNC_POLL_INTERVAL_MS: '0',
    FEEDSYNC_MAX_POLLS: '3',
    LOG_LEVEL: 'silent',
    ...options.env,
  })
  const logs: string[] = []
  const app = await buildApp({
    store,
    codat,
    clock,
    config,
    logger: { stream: { write: (line: string) => void logs.push(line) } },
    sleep: async () => {},
  })
  await app.ready()
  return {
    app,
    store,
    codat,
    clock,
    logs,
    async close() {
      await app.close()
      if (options.store === undefined) await store.close()
    },
  }
}

export const auth = (key: string = KEY_A) => ({ authorization: `Bearer ${key}` })

export const onboardBody = {
  name: 'Elaborate Events, Inc',
  description: 'tutorial company',
  accounts: [
    {
      id: 'acc-1',
      accountName: 'Checking',
      accountType: 'checking',
      accountNumber: '12345670',
      currency: 'USD',
      balance: '1000.00',
    },
  ],
}

export async function onboard(
  h: Harness,
  key: string = KEY_A,
): Promise<{ companyId: string; connectionId: string }> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/companies',
    headers: auth(key),
    payload: onboardBody,
  })
  if (res.statusCode !== 201) throw new Error(`onboard failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T
}
