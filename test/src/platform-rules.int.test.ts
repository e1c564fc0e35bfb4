import { afterEach, describe, expect, it } from 'vitest'
import { type DatabaseKind, databaseKinds } from './support/database.js'
import { duplicatesOf, expectLedgerHoldsExactlyOnce } from './support/exactly-once.js'
import { type BankTransaction, daysEndingOn, transactionsOn } from './support/feed-scenario.js'
import { mostInFlightAtOnce, type SimEvent } from './support/in-flight.js'
import { sameAmount } from './support/money.js'
import { PLATFORMS, type PlatformCase, sageBusiness, xeroOrg } from './support/platforms.js'
import { type System, startSystem } from './support/system.js'

// Issue 11's acceptance, from the platform table: where the ledgers' rules differ (PLATFORMS.md §5),
// the same history ends differently, and each ending is checked in the simulator's view of the ledger.

const ACCOUNT = 'chk-1'
const OPENING = '1000.00'

const each = (rows: readonly PlatformCase[]) =>
  rows.flatMap((platform) => databaseKinds().map((database) => ({ platform, database })))

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

let system: System | undefined
afterEach(async () => {
  await system?.close()
  system = undefined
})

describe.each(each(PLATFORMS))(
  'a late posting ($platform.label, msw, $database)',
  ({ platform, database }: { platform: PlatformCase; database: DatabaseKind }) => {
    const ending = platform.rules.olderThanNewest
      ? `${platform.label} never gets it: it is quarantined as older than the newest line there`
      : `${platform.label} takes it as is, on its bank day, and every line is there once`
    it(`given two days pushed, when a transaction dated before the newest pushed line arrives and the worker syncs, then ${ending}`, async () => {
      system = await startSystem({ transport: 'msw', database, platform })
      const s = system.scenario
      await s.onboard([ACCOUNT])
      const day0 = (await s.now()).slice(0, 10)
      await s.link([ACCOUNT], day0)
      const pushed = transactionsOn([day0, addDays(day0, 1)], 3, 'lp')
      await s.record(ACCOUNT, pushed)
      await s.advance('P2D')
      const first = await s.syncUntilSettled(ACCOUNT)
      expect(first.counts.pushed, 'both days pushed before the late posting').toBe(pushed.length)

      // Dated on the first day, after its lines, before the second day's: older than the newest pushed.
      const late: BankTransaction = {
        id: 'lp-late',
        date: `${day0}T15:00:00`,
        description: 'late posting',
        amount: '-42.17',
        status: 'cleared',
      }
      await s.record(ACCOUNT, [late])
      const feed = await s.syncUntilSettled(ACCOUNT)
      expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
      const item = (await s.transactions(ACCOUNT)).find((t) => t.id === late.id)
      const view = (await s.pull())[0]

      if (platform.rules.olderThanNewest) {
        expect(item?.sync.status, 'the late line').toBe('quarantined')
        expect(item?.sync.reason?.code).toBe('older_than_destination')
        expect(item?.sync.reason?.message ?? '').not.toBe('')
        expectLedgerHoldsExactlyOnce(platform, view, pushed, OPENING, { strictOrder: true })
        return
      }
      // X19: no "not older than the newest" rule; the line goes as the bank dated it (not redated).
      expect(item?.sync.status, 'the late line').toBe('pushed')
      expect(feed.counts.pushed).toBe(pushed.length + 1)
      expect(feed.counts.quarantined).toBe(0)
      const lines = (view?.lines ?? []).filter((l) => !l.isTest)
      const ids = lines.map((l) => l.id)
      expect(duplicatesOf(ids), `duplicated in ${platform.label}`).toEqual([])
      expect([...ids].sort()).toEqual([...pushed, late].map((t) => t.id).sort())
      const shown = lines.find((l) => l.id === late.id)
      expect(shown?.date.slice(0, 10), 'on its bank day').toBe(day0)
      expect(shown?.description, 'not redated').toBe(late.description)
      expect(sameAmount(shown?.amount ?? '', late.amount)).toBe(true)
      const statements = (await xeroOrg(s)).bankAccounts.flatMap((b) => b.statements)
      expect(
        statements.map((st) => st.state),
        'every write delivered',
      ).toEqual(statements.map(() => 'DELIVERED'))
    })
  },
)

describe.each(each(PLATFORMS.filter((p) => p.rules.historyDays === 365)))(
  'a year of history ($platform.label, msw, $database)',
  ({ platform, database }: { platform: PlatformCase; database: DatabaseKind }) => {
    it(`given a line dated a year and a day ago, one dated a year ago and recent ones, when the worker syncs, then the older line is quarantined and never sent, and ${platform.label} holds the others once`, async () => {
      system = await startSystem({ transport: 'msw', database, platform })
      const s = system.scenario
      await s.onboard([ACCOUNT])
      await s.link([ACCOUNT], '2025-01-01') // advisory in Xero (X23): the year decides
      const today = (await s.advance('P1D')).slice(0, 10)
      const aYearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`
      const recent = transactionsOn(daysEndingOn(addDays(today, -1), 2), 3, 'yr')
      const boundary: BankTransaction = {
        id: 'yr-boundary',
        date: `${aYearAgo}T10:00:00`,
        description: 'a year ago to the day',
        amount: '12.34',
        status: 'cleared',
      }
      const tooOld: BankTransaction = {
        ...boundary,
        id: 'yr-too-old',
        date: `${addDays(aYearAgo, -1)}T10:00:00`,
        description: 'a year and a day ago',
        amount: '-56.78',
      }
      await s.record(ACCOUNT, [tooOld, boundary, ...recent])
      const feed = await s.syncUntilSettled(ACCOUNT)
      expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
      expect(feed.counts.quarantined, 'the engine reports one line quarantined').toBe(1)

      const list = await s.transactions(ACCOUNT)
      const old = list.find((t) => t.id === tooOld.id)
      expect(old?.sync.status).toBe('quarantined')
      expect(old?.sync.reason?.code).toBe('outside_historic_window')
      expect(old?.sync.reason?.message ?? '').not.toBe('')
      expect(list.find((t) => t.id === boundary.id)?.sync.status, 'the boundary day is taken').toBe('pushed')

      const taken = [boundary, ...recent]
      const view = (await s.pull())[0]
      expectLedgerHoldsExactlyOnce(platform, view, taken, OPENING, { strictOrder: true })
      // Never sent: no write held it (one would have failed as a whole, X21), none was refused.
      const statements = (await xeroOrg(s)).bankAccounts.flatMap((b) => b.statements)
      expect(statements.map((st) => st.state)).toEqual(statements.map(() => 'DELIVERED'))
      expect(statements.reduce((n, st) => n + st.lines, 0)).toBe(taken.length)
    })
  },
)

describe.each(each(PLATFORMS.filter((p) => p.rules.writesInFlight === 1)))(
  'one write in flight per account ($platform.label, msw, $database)',
  ({ platform, database }: { platform: PlatformCase; database: DatabaseKind }) => {
    it(`given fifteen lines in batches of three and writes that stay Pending longer than a sync follows them, when syncs and the worker run again and again, then ${platform.label}'s account never has two writes in flight and holds every line once`, async () => {
      // The clock runs; each write stays Pending in the Banking Service for 1.5 s, while a sync follows
      // a write for 3 polls 50 ms apart and then answers: the next syncs find a write still Pending.
      // A second write while one is Pending would fail at once (sageInFlight: fail).
      // What this proves: wired end to end (store, worker, concurrent syncs, the simulator's strict
      // S23), Sage's account never sees two writes in flight and every line lands once. What it does
      // NOT prove: that the Sage-only core rule is needed. The engine already keeps one batch in flight
      // per account stream for every platform (core's PlanBatch refusal, decide.ts, and the worker
      // following one batch at a time), so this test passes with Sage's `oneStatementAtATime` or
      // `oneWriteInFlight` removed. The proof of those rules is in core: destinations/sage.test.ts
      // ("S23 oneStatementAtATime", "given a history that breaks only oneWriteInFlight") and
      // planner-platforms.prop.test.ts ("plans at most one statement, none while one is in process"),
      // each of which fails when the rule is removed.
      system = await startSystem({
        transport: 'msw',
        database,
        platform,
        sim: { clock: 'running', pushLatencyMs: 1500 },
        env: { FEEDSYNC_MAX_BATCH_SIZE: '3', FEEDSYNC_POLL_INTERVAL_MS: '50', FEEDSYNC_MAX_POLLS: '3' },
      })
      const s = system.scenario
      await s.onboard([ACCOUNT])
      const today = (await s.now()).slice(0, 10)
      await s.link([ACCOUNT], today)
      const lines = transactionsOn([today], 15, 'wf')
      await s.record(ACCOUNT, lines)
      await s.advance('P1D')
      const server = system.server
      let metPending = 0
      for (let round = 0; round < 4; round++) {
        const answers = await Promise.all([
          s.sync(ACCOUNT),
          s.sync(ACCOUNT),
          server.runWorker().then(() => null),
        ])
        for (const r of answers) if (r !== null) expect([200, 409]).toContain(r.status)
        if ((await s.feed(ACCOUNT)).batchInFlight !== null) metPending++
      }
      expect(metPending, 'rounds that ended with a write still Pending').toBeGreaterThan(0)
      const feed = await s.syncUntilSettled(ACCOUNT)
      expect(feed.counts.ready + feed.counts.inFlight).toBe(0)

      const view = (await s.pull())[0]
      expectLedgerHoldsExactlyOnce(platform, view, lines, OPENING, { strictOrder: true })
      const bank = (await sageBusiness(s)).bankAccounts.find((b) => b.sourceAccountId === ACCOUNT)
      const statements = bank?.statements ?? []
      expect(statements.length, 'five statements of three lines').toBe(5)
      expect(statements.map((st) => st.status)).toEqual(statements.map(() => 'Success'))
      // From the simulator's log, in its order: each write ended before the next was requested.
      const events = await s.expect('events', s.sim.call<SimEvent[]>('GET', '/_sim/events'), 200)
      const where = { connectionId: s.connectionId, accountId: ACCOUNT }
      expect(events.filter((e) => e.type === 'PushRequested' && e.data.accountId === ACCOUNT)).toHaveLength(5)
      expect(mostInFlightAtOnce(events, where), 'writes in flight at once').toBe(1)
    })
  },
)

describe('mostInFlightAtOnce', () => {
  const where = { connectionId: 'c1', accountId: 'a1' }
  let seq = 0
  const requested = (key: string, accountId = 'a1'): SimEvent => ({
    seq: seq++,
    type: 'PushRequested',
    data: { connectionId: 'c1', accountId, pushOperationKey: key },
  })
  const completed = (key: string, type = 'PushCompleted'): SimEvent => ({
    seq: seq++,
    type,
    data: { pushOperationKey: key },
  })
  it('counts writes one after another as one, and overlapping, refused-at-once or still Pending ones as two', () => {
    const a = requested('a')
    const b = requested('b')
    const endA = completed('a')
    expect(
      mostInFlightAtOnce(
        [requested('x'), completed('x'), requested('y'), completed('y', 'PushTimedOut')],
        where,
      ),
    ).toBe(1)
    expect(mostInFlightAtOnce([a, b, endA, completed('b')], where)).toBe(2)
    expect(mostInFlightAtOnce([endA, b, a], where), 'sorted by seq').toBe(2)
    expect(mostInFlightAtOnce([requested('p'), requested('q'), completed('q')], where)).toBe(2)
    expect(mostInFlightAtOnce([requested('m'), requested('n', 'other'), completed('m')], where)).toBe(1)
    expect(mostInFlightAtOnce([], where)).toBe(0)
  })
})
