import { afterEach, describe, expect, it } from 'vitest'
import { type DatabaseKind, databaseKinds } from './support/database.js'
import { expectLedgerHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { type BankTransaction, daysEndingOn, transactionsOn } from './support/feed-scenario.js'
import { PLATFORMS, type PlatformCase, pushableOn } from './support/platforms.js'
import { leaks, secretsOf } from './support/secrets.js'
import { type System, startSystem, type Transport } from './support/system.js'

const ACCOUNT = 'chk-1'
const OPENING = '1000.00'
const FEED_START = '2026-03-04'

const cases: { platform: PlatformCase; transport: Transport; database: DatabaseKind }[] = []
for (const platform of PLATFORMS)
  for (const database of databaseKinds())
    for (const transport of ['msw', 'http'] as const) cases.push({ platform, transport, database })

/** How the ledger takes what Codat holds (PLATFORMS.md §5, "Success means"). */
const TAKES = { qbo: 'pulls', xero: 'takes the lines', sage: 'refreshes' } as const

/** What the ledger shows: QBO's two test lines first, then the pushed ones. */
const shows = (p: PlatformCase) =>
  p.testLines === 2 ? 'the two test lines and every pushable transaction' : 'every pushable transaction'

describe.each(cases)(
  'the seed flow ($platform.label, $transport, $database)',
  ({ platform, transport, database }) => {
    let system: System | undefined
    afterEach(async () => {
      await system?.close()
      system = undefined
    })

    it(`given an onboarded, linked account with seven days of transactions, when the day ends, the server syncs and ${platform.label} ${TAKES[platform.name]}, then ${platform.label} shows ${shows(platform)} exactly once, in order, with the right balance`, async () => {
      system = await startSystem({ transport, database, platform })
      const s = system.scenario

      await s.onboard([ACCOUNT])
      const company = await s.api.call<{ accounts: { accountId: string; link: string }[] }>(
        'GET',
        `/v1/companies/${s.companyId}`,
      )
      expect(company.status).toBe(200)
      expect(company.body.accounts.map((a) => [a.accountId, a.link])).toEqual([[ACCOUNT, 'not_linked']])
      const linkedOn = (await s.now()).slice(0, 10)
      await s.link([ACCOUNT], FEED_START)

      // Seven days up to today (2026-03-10), three a day, cleared; plus the bank's other cases.
      const week = transactionsOn(daysEndingOn('2026-03-10', 7), 3)
      const stillPending: BankTransaction = {
        id: 'p-held',
        date: '2026-03-09T15:00:00',
        description: 'card hold, not yet cleared',
        amount: '-20.00',
        status: 'pending',
      }
      const clearedLater: BankTransaction = { ...stillPending, id: 'p-cleared', description: 'cleared later' }
      const voided: BankTransaction = { ...stillPending, id: 'p-voided', description: 'withdrawn' }
      await s.record(ACCOUNT, [...week, stillPending, clearedLater, voided])
      expect((await s.clear(ACCOUNT, clearedLater.id)).status).toBe(200)
      expect((await s.void(ACCOUNT, voided.id)).status).toBe(200)
      // Replaying the same request is harmless.
      await s.record(ACCOUNT, week.slice(0, 5))

      // Past midnight: the whole week is over, so all of it is ready.
      await s.advance('PT12H5M')
      const sync = await s.sync(ACCOUNT)
      expect(sync.status).toBe(200)
      expect(sync.body.status).toBe('done')
      const feed = await s.syncUntilSettled(ACCOUNT)
      expect(feed.link).toBe('linked')

      const cleared = [...week, { ...clearedLater, status: 'cleared' as const }]
      // The platform's history: Sage's feed starts on the connect day whatever the SMB picked (S7, S17).
      const pushable = pushableOn(platform, cleared, FEED_START, linkedOn)
      expect(pushable.length, 'the platform takes some of the week').toBeGreaterThan(0)
      let view: Awaited<ReturnType<typeof s.pull>>
      if (transport === 'msw') {
        view = await s.pull() // QBO's "Update" button, Sage's refresh; Xero holds them already
      } else if (platform.visibility === 'daily') {
        expect((await s.ledgerView())[0]?.lines.filter((l) => !l.isTest)).toEqual([])
        await s.advance('PT6H') // QBO's daily pull (Sage's daily refresh) at 06:00
        view = await s.ledgerView()
      } else {
        view = await s.ledgerView() // Xero: delivered at once (X27)
      }
      expectLedgerHoldsExactlyOnce(platform, view[0], pushable, OPENING, { strictOrder: true })
      await expectServerAgrees(s, ACCOUNT, view[0], pushable)

      const list = await s.transactions(ACCOUNT)
      expect(list.find((t) => t.id === stillPending.id)?.sync.status).not.toBe('pushed')
      expect(list.find((t) => t.id === voided.id)?.status).toBe('voided')
      // Every cleared line the platform does not take is held back with a reason, never pushed.
      const taken = new Set(pushable.map((t) => t.id))
      for (const t of cleared.filter((c) => !taken.has(c.id))) {
        const item = list.find((x) => x.id === t.id)
        expect(['held', 'quarantined'], `${t.id} not pushed`).toContain(item?.sync.status)
        expect(item?.sync.reason, `${t.id} carries a reason`).not.toBeNull()
      }

      // A second sync and pull change nothing.
      await s.sync(ACCOUNT)
      const again = await s.pull()
      expectLedgerHoldsExactlyOnce(platform, again[0], pushable, OPENING)

      // The server logged the run (requests, the worker) without any key or the QBO password.
      expect(system.server.logs.length).toBeGreaterThan(10)
      expect(leaks(system.server.logs, secretsOf(s))).toEqual([])
    })
  },
)
