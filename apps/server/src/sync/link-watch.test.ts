import type { SourceAccountV2 } from '@feedsync/codat-client'
import {
  type AccountState,
  type Command,
  type DestinationId,
  decide,
  evolve,
  initialState,
} from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import { auth } from '../testing/harness.js'
import { linkChange } from './link-watch.js'
import { N, useSyncFixture } from './test-fixture.js'

const f = useSyncFixture()

describe('the sync worker', () => {
  it('holds everything while the account is not linked, and learns the link from Codat', async () => {
    await f.setUp(false)
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds()).toHaveLength(0)
    expect((await f.feed()).link).toBe('not_linked')
    f.h.codat.link(f.connectionId, ['acc-1'], '2026-11-20')
    f.h.clock.advance(10_000) // the link re-check is due (FEEDSYNC_LINK_RECHECK_FIRST_MS)
    await f.h.app.services.worker.runOnce()
    expect((await f.feed()).link).toBe('linked')
    expect(f.storedIds()).toHaveLength(N)
  })
})

describe("reading Codat's source-account list (quota)", () => {
  /** Counts this company's reads of the list (other tests' companies share the database). */
  function countReads(): () => number {
    let reads = 0
    const original = f.h.codat.sourceAccounts.list
    Object.assign(f.h.codat.sourceAccounts, {
      list: async (r: Parameters<typeof original>[0]) => {
        if (r.connectionId === f.connectionId) reads++
        return original(r)
      },
    })
    return () => reads
  }

  it('re-checks an account not linked on a widening back-off, then a linked one no more in a while', async () => {
    await f.setUp(false)
    const lists = countReads()
    await f.h.app.services.worker.runOnce()
    await f.h.app.services.worker.runOnce()
    expect(lists()).toBe(1) // not due again yet
    f.h.clock.advance(10_000) // first re-check after FEEDSYNC_LINK_RECHECK_FIRST_MS
    await f.h.app.services.worker.runOnce()
    expect(lists()).toBe(2)
    f.h.clock.advance(10_000) // the next one is 20 s after that one
    await f.h.app.services.worker.runOnce()
    expect(lists()).toBe(2)
    f.h.clock.advance(10_000)
    await f.h.app.services.worker.runOnce()
    expect(lists()).toBe(3)
    f.h.codat.link(f.connectionId, ['acc-1'], '2026-11-20')
    f.h.clock.advance(40_000)
    await f.h.app.services.worker.runOnce()
    expect(f.storedIds()).toHaveLength(N)
    const afterLink = lists()
    f.h.clock.advance(60_000)
    await f.h.app.services.worker.runOnce()
    await f.h.app.services.worker.runOnce()
    expect(lists()).toBe(afterLink)
  })

  it('"sync now" reads it for an account not known to be linked, not again for a linked one', async () => {
    await f.setUp(false)
    const reads = countReads()
    const syncNow = () =>
      f.h.app.inject({
        method: 'POST',
        url: `/v1/companies/${f.companyId}/accounts/acc-1/sync`,
        headers: auth(),
      })
    expect((await syncNow()).statusCode).toBe(200)
    expect(reads()).toBe(1)
    expect(f.storedIds()).toHaveLength(0) // not linked yet: nothing pushed
    f.h.codat.link(f.connectionId, ['acc-1'], '2026-11-20')
    expect((await syncNow()).statusCode).toBe(200)
    expect(reads()).toBe(2) // still not known to be linked: read again, and the link is learnt
    expect(f.storedIds()).toHaveLength(N)
    expect((await syncNow()).statusCode).toBe(200)
    expect(reads()).toBe(2) // linked, read moments ago: pushed without reading
  })
})

describe("what Codat's source account says about the link, per platform", () => {
  const source = (fields: Partial<SourceAccountV2>): SourceAccountV2 => ({
    id: 'acc-1',
    accountName: 'Checking',
    accountType: 'checking',
    accountNumber: '1',
    currency: 'USD',
    balance: '100.00',
    ...fields,
  })
  /** An account registered with `destination`, linked from `linkedFrom` when given. */
  const registered = (destination: DestinationId, linkedFrom?: string): AccountState => {
    const at = '2026-11-25T09:00:00Z'
    let state = initialState()
    const commands: Command[] = [
      {
        type: 'RegisterAccount',
        accountId: 'acc-1',
        currency: 'USD',
        openingBalance: '0',
        timeZone: 'UTC',
        destination,
        at,
      },
      ...(linkedFrom === undefined ? [] : [{ type: 'LinkFeed' as const, feedStartDate: linkedFrom, at }]),
    ]
    for (const c of commands) {
      const d = decide(c, state)
      if (!d.ok) throw new Error(d.error.message)
      for (const e of d.events) state = evolve(state, e)
    }
    return state
  }
  const platforms = ['qbo', 'xero', 'sage'] as const

  it.each(platforms)(
    '%s: connected with a feed start date → LinkFeed from that day; disconnected → DisconnectFeed',
    (p) => {
      const state = registered(p)
      expect(
        linkChange(source({ status: 'connected', feedStartDate: '2026-11-20T00:00:00' }), state),
      ).toEqual({
        type: 'LinkFeed',
        feedStartDate: '2026-11-20',
      })
      expect(linkChange(source({ status: 'disconnected', feedStartDate: '2026-11-20' }), state)).toEqual({
        type: 'DisconnectFeed',
      })
    },
  )

  it.each(platforms)(
    '%s: nothing for an unknown account, a pending one, or one still connecting (mapped, not saved)',
    (p) => {
      const state = registered(p)
      expect(linkChange(undefined, state)).toBeUndefined()
      expect(linkChange(source({ status: 'pending' }), state)).toBeUndefined()
      expect(
        linkChange(source({ status: 'connecting', feedStartDate: '2026-11-20T00:00:00' }), state),
      ).toBeUndefined()
    },
  )

  it('QBO: connected without a feed start date is not yet a link', () => {
    expect(linkChange(source({ status: 'connected', feedStartDate: '' }), registered('qbo'))).toBeUndefined()
    expect(
      linkChange(source({ status: 'connected', feedStartDate: null }), registered('qbo')),
    ).toBeUndefined()
  })

  it.each(['xero', 'sage'] as const)(
    '%s: connected without a feed start date is linked from the day it is seen, once (the date does not move)',
    (p) => {
      expect(linkChange(source({ status: 'connected', feedStartDate: null }), registered(p))).toEqual({
        type: 'LinkFeed',
      })
      expect(linkChange(source({ status: 'connected' }), registered(p, '2026-11-20'))).toBeUndefined()
    },
  )
})
