// Test support for the reconciliation routes: one PGlite store per file, a fresh app per test, one
// company whose acc-1 (opening 1000.00, feed start 2026-11-20, today 2026-11-25) has two lines
// pushed (t1, t2), one dated before the feed start (early, sent with them) and one late posting
// (late, sent after the push, dated before the newest pushed line) parked.
import { createEventStore, type EventStore } from '@feedsync/store'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { accountStream } from '../streams.js'
import { auth, type Harness, harness, KEY_A, onboard } from './harness.js'

export const PUSHED = [
  { id: 't1', date: '2026-11-23', description: 'Rent', amount: '-100.00', status: 'cleared' },
  { id: 't2', date: '2026-11-24', description: 'Invoice 42', amount: '250.00', status: 'cleared' },
]
export const PARKED = [
  { id: 'early', date: '2026-11-19', description: 'Card fee', amount: '-20.00', status: 'cleared' },
  { id: 'late', date: '2026-11-22', description: 'Late card posting', amount: '-30.00', status: 'cleared' },
]

export interface ReconFixture {
  h: Harness
  companyId: string
  /** `/v1/companies/{companyId}/accounts/acc-1` */
  base: string
  /** The ingest results of the PARKED lines. */
  parked: unknown[]
  setUp(): Promise<void>
  send(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>
  /** Events in acc-1's stream. */
  version(): Promise<number>
  sync(): Promise<void>
}

/** Registers the hooks of a reconciliation test file and answers its fixture. */
export function useReconFixture(): ReconFixture {
  let store: EventStore | undefined
  const f: ReconFixture = {
    h: undefined as unknown as Harness,
    companyId: '',
    base: '',
    parked: [],
    async setUp() {
      if (store === undefined) throw new Error('the store opens in beforeAll')
      f.h = await harness({ store })
      const { companyId, connectionId } = await onboard(f.h)
      f.companyId = companyId
      f.base = `/v1/companies/${companyId}/accounts/acc-1`
      f.h.codat.link(connectionId, ['acc-1'], '2026-11-20')
      await f.sync() // learns the link
      const first = await f.send('POST', `${f.base}/transactions`, { transactions: [...PUSHED, PARKED[0]] })
      expect(first.statusCode, first.body).toBe(200)
      await f.sync()
      const second = await f.send('POST', `${f.base}/transactions`, { transactions: [PARKED[1]] })
      expect(second.statusCode, second.body).toBe(200)
      f.parked = [first.json().results[2], second.json().results[0]]
    },
    send(method, url, payload, headers = {}) {
      return f.h.app.inject({
        method,
        url,
        headers: { ...auth(KEY_A), ...headers },
        ...(payload === undefined ? {} : { payload: payload as string }),
      })
    },
    async version() {
      return (await f.h.store.readStream(accountStream(f.companyId, 'acc-1'))).length
    },
    async sync() {
      const res = await f.send('POST', `${f.base}/sync`)
      expect(res.statusCode, res.body).toBe(200)
    },
  }
  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite' })
  })
  afterAll(async () => {
    await store?.close()
  })
  afterEach(async () => {
    await f.h.close()
  })
  return f
}
