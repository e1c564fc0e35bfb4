import { randomUUID } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { accountStream } from '../streams.js'
import { N, useSyncFixture } from '../sync/test-fixture.js'
import { deliver, msgId, outcomeOf, settled, WEBHOOK_ENV } from './webhook-test-kit.js'

// PGlite's first start can take over 30 s on a loaded machine (the shared fixture's hook).
vi.setConfig({ hookTimeout: 180_000, testTimeout: 120_000 })
const f = useSyncFixture()

/** A linked account whose first batch was pushed and is Pending at Codat; its operation key. */
async function pushPending(): Promise<{ key: string; codatCompanyId: string }> {
  await f.setUp(true, WEBHOOK_ENV)
  await f.h.app.services.worker.runOnce()
  expect(f.creates()).toBe(1)
  const key = [...f.h.codat.ops.keys()][0] ?? ''
  const company = await f.h.app.services.companies.get(f.companyId)
  return { key, codatCompanyId: company?.codatCompanyId ?? '' }
}

function writeEvent(eventType: string, status: string, key: string, companyId: string): string {
  return JSON.stringify({
    id: randomUUID(),
    eventType,
    generatedDate: '2026-11-25T09:00:05Z',
    payload: {
      id: key,
      type: 'Create',
      referenceCompany: { id: companyId, name: 'Acme' },
      connectionId: f.connectionId,
      requestedOnDate: '2026-11-25T09:00:00Z',
      completedOnDate: '2026-11-25T09:00:04Z',
      status,
      record: null,
      attachmentId: null,
    },
  })
}

const events = async () => (await f.store.readStream(accountStream(f.companyId, 'acc-1'))).map((e) => e.type)
const calls = (name: string) => f.h.codat.calls.filter((c) => c === name).length

describe('acting on Codat webhooks', () => {
  it('with webhooks on, a pending push is not polled at once: the backstop waits', async () => {
    await pushPending()
    expect(calls('transactions.getCreateOperation')).toBe(0)
    expect(await events()).toContain('BatchSubmitted')
    expect(await events()).not.toContain('BatchSucceeded')
  })

  it('records a signed Success without a status read (no Codat request at all)', async () => {
    const { key, codatCompanyId } = await pushPending()
    const before = f.h.codat.calls.length
    const id = msgId()
    const res = await deliver(
      f.h,
      writeEvent('bankTransactions.write.successful', 'Success', key, codatCompanyId),
      { id },
    )
    expect(res.statusCode).toBe(204)
    await settled(f.h)
    expect(await outcomeOf(f.h, id)).toBe('push_outcome')
    expect(f.h.codat.calls.slice(before)).toEqual([])
    expect((await events()).filter((t) => t === 'BatchSucceeded')).toHaveLength(1)
    expect((await f.feed()).counts.pushed).toBe(N)
    // The same message again: no effect; the next cycle pushes nothing twice.
    await deliver(f.h, writeEvent('bankTransactions.write.successful', 'Success', key, codatCompanyId), {
      id,
    })
    await settled(f.h)
    await f.h.app.services.worker.runOnce()
    expect(f.creates()).toBe(1)
    expect((await events()).filter((t) => t === 'BatchSucceeded')).toHaveLength(1)
  })

  it('a signed Failed is read again (its validation details) before it is recorded', async () => {
    f.h = undefined as never
    await f.setUp(true, WEBHOOK_ENV)
    f.h.codat.pushOutcome = () => ({ status: 'Failed', errors: [{ itemId: 't1', message: 'Bad line' }] })
    await f.h.app.services.worker.runOnce()
    const key = [...f.h.codat.ops.keys()][0] ?? ''
    const company = await f.h.app.services.companies.get(f.companyId)
    await deliver(
      f.h,
      writeEvent('bankTransactions.write.unsuccessful', 'Failed', key, company?.codatCompanyId ?? ''),
    )
    await settled(f.h)
    expect(calls('transactions.getCreateOperation')).toBe(1)
    expect((await events()).filter((t) => t === 'BatchFailed')).toHaveLength(1)
  })

  it('a webhook for an operation no account follows changes nothing', async () => {
    const { codatCompanyId } = await pushPending()
    const before = { calls: f.h.codat.calls.length, events: (await events()).length }
    const id = msgId()
    await deliver(
      f.h,
      writeEvent('bankTransactions.write.successful', 'Success', randomUUID(), codatCompanyId),
      { id },
    )
    await deliver(f.h, writeEvent('bankTransactions.write.successful', 'Success', randomUUID(), randomUUID()))
    // A write event whose status contradicts its name is ignored too.
    const odd = msgId()
    await deliver(
      f.h,
      writeEvent('bankTransactions.write.successful', 'Failed', randomUUID(), codatCompanyId),
      { id: odd },
    )
    await settled(f.h)
    expect(await outcomeOf(f.h, id)).toBe('unknown_operation')
    expect(await outcomeOf(f.h, odd)).toBe('ignored:malformed_write_event')
    expect(f.h.codat.calls.length).toBe(before.calls)
    expect((await events()).length).toBe(before.events)
  })

  it('a connection event makes the company due for a source-account re-read at the next cycle', async () => {
    const { codatCompanyId } = await pushPending()
    const reads = () => calls('sourceAccounts.list')
    const first = reads()
    await f.h.app.services.worker.runOnce()
    expect(reads()).toBe(first) // fresh for a day with webhooks on
    const id = msgId()
    const body = JSON.stringify({
      id: randomUUID(),
      eventType: 'connection.disconnected',
      generatedDate: '2026-11-25T09:01:00Z',
      payload: {
        referenceCompany: { id: codatCompanyId },
        connection: { id: f.connectionId, status: 'Unlinked' },
      },
    })
    await deliver(f.h, body, { id })
    await settled(f.h)
    expect(await outcomeOf(f.h, id)).toBe('link_hint')
    await f.h.app.services.worker.runOnce()
    expect(reads()).toBe(first + 1)
  })
})
