import { afterEach, describe, expect, it } from 'vitest'
import { databaseKinds } from './support/database.js'
import { duplicatesOf } from './support/exactly-once.js'
import { transactionsOn } from './support/feed-scenario.js'
import { fromUnits, toUnits } from './support/money.js'
import { act, type BankLine, ingest, qboCounts, report, sum } from './support/reconciliation.js'
import { type System, startSystem } from './support/system.js'

const ACCOUNT = 'chk-1'
const OPENING = '1000.00'
// The simulator starts at 2026-03-10T12:00Z (UTC): four days of the feed, 03-07 to 03-10.
const FEED_START = '2026-03-07'

// Two lines dated before the feed start date (QBO takes nothing dated before it).
const early: BankLine[] = [
  {
    id: 'early-1',
    date: '2026-03-05',
    description: 'Deposit before the feed',
    amount: '300.00',
    status: 'cleared',
  },
  {
    id: 'early-2',
    date: '2026-03-06',
    description: 'Refund before the feed',
    amount: '126.80',
    status: 'cleared',
  },
]
// 4 a day on 03-07, 03-08, 03-09.
const firstDays = transactionsOn(['2026-03-07', '2026-03-08', '2026-03-09'], 4, 'd')
const pending: BankLine = {
  id: 'p-1',
  date: '2026-03-09T15:00:00',
  description: 'Card hold',
  amount: '-42.00',
  status: 'pending',
}
const posted: BankLine = {
  id: 'p-1-posted',
  date: '2026-03-09T18:00:00',
  description: 'Card payment (posted)',
  amount: '-42.75',
  status: 'cleared',
  replacesPendingId: 'p-1',
}
const voided: BankLine = {
  id: 'v-1',
  date: '2026-03-09T16:00:00',
  description: 'Withdrawn',
  amount: '-10.00',
  status: 'pending',
}
// A late posting: dated 03-08, arriving on 03-11, when QBO already holds lines of 03-09.
const late: BankLine = {
  id: 'late-1',
  date: '2026-03-08T11:00:00',
  description: 'Late card posting',
  amount: '400.00',
  status: 'cleared',
}
// Three lines of 03-10, the bank's running balance after each (the parked lines counted).
const day4 = transactionsOn(['2026-03-10'], 3, 'e')

describe.each(databaseKinds())('reconciliation, the issue-9 run (msw, %s)', (database) => {
  let system: System | undefined
  afterEach(async () => {
    await system?.close()
    system = undefined
  })

  it('given lines before the feed start, a late posting, a replaced pending line, a voided one and bank balances after parked lines, the difference is exactly the parked lines; redate and dismiss explain it away; QBO holds every pushed line once with the reported balance', async () => {
    system = await startSystem({ transport: 'msw', database })
    const s = system.scenario
    await s.onboard([ACCOUNT])
    await s.link([ACCOUNT], FEED_START)
    await s.sync(ACCOUNT) // the server learns the link and its feed start date

    // Day 1: 12 lines of three days, two before the feed start, a pending one, one to void.
    const first = await ingest(s, ACCOUNT, [...early, ...firstDays, pending, voided])
    expect(first.filter((r) => r.warning !== undefined).map((r) => [r.id, r.warning?.code])).toEqual([
      ['early-1', 'before_feed_start'],
      ['early-2', 'before_feed_start'],
    ])
    expect((await s.void(ACCOUNT, voided.id)).status).toBe(200)
    // The pending one is posted under a new id, with another amount.
    expect((await ingest(s, ACCOUNT, [posted]))[0]).toEqual({ id: posted.id, result: 'recorded' })
    await s.syncUntilSettled(ACCOUNT)
    await s.pull()

    // Day 2 (03-11): the late posting, and 03-10's lines with the bank's balances.
    await s.advance('PT12H5M')
    let balance = toUnits(OPENING)
    for (const t of [...early, ...firstDays, posted, late]) balance += toUnits(t.amount)
    const withBalances = day4.map((t) => {
      balance += toUnits(t.amount)
      return { ...t, balance: fromUnits(balance) }
    })
    const second = await ingest(s, ACCOUNT, [late, ...withBalances])
    expect(second.map((r) => r.warning?.code)).toEqual([
      'older_than_destination',
      undefined,
      undefined,
      undefined,
    ])
    await s.syncUntilSettled(ACCOUNT)
    let view = (await s.pull())[0]

    const pushed = [...firstDays, posted, ...day4]
    const parked = [...early, late]
    const r = await report(s, ACCOUNT)
    expect(r.unexplained).toBe('0.00')
    expect(r.difference).toBe(sum(parked.map((t) => t.amount)))
    expect(r.difference).toBe('826.80')
    expect(r.bank.balance).toBe(fromUnits(balance))
    expect(r.bank.reportedBalance).toBe(fromUnits(balance))
    expect(r.items.map((i) => [i.transactionId, i.state, i.code])).toEqual([
      ['early-1', 'quarantined', 'before_feed_start'],
      ['early-2', 'quarantined', 'before_feed_start'],
      ['late-1', 'quarantined', 'older_than_destination'],
    ])
    expect(r.destination.pushedCount).toBe(pushed.length)
    expect(toUnits(view?.balance ?? 'none')).toBe(toUnits(r.destination.balance))
    expectEachOnce(
      view,
      pushed.map((t) => t.id),
    )
    const list = await s.transactions(ACCOUNT)
    const status = (id: string) => list.find((t) => t.id === id)?.sync.status
    expect([status('p-1'), status('v-1'), status('early-1')]).toEqual([
      'replaced',
      expect.any(String),
      'quarantined',
    ])
    expect(list.find((t) => t.id === 'v-1')?.status).toBe('voided')

    // Redate the late posting: pushed once, on the earliest day QBO takes, its bank date kept.
    const redated = await act(s, ACCOUNT, late.id, 'redate', 'late card posting, book it')
    expect(redated.items.find((i) => i.transactionId === late.id)).toMatchObject({
      state: 'ready',
      redatedTo: '2026-03-10',
    })
    await s.syncUntilSettled(ACCOUNT)
    view = (await s.pull())[0]
    const afterRedate = await report(s, ACCOUNT)
    expect(toUnits(r.difference) - toUnits(afterRedate.difference)).toBe(toUnits(late.amount))
    expect(afterRedate.unexplained).toBe('0.00')
    expectEachOnce(
      view,
      [...pushed, late].map((t) => t.id),
    )
    const lateLine = view?.lines.find((l) => l.id === late.id)
    expect([lateLine?.date.slice(0, 10), lateLine?.description]).toEqual([
      '2026-03-10',
      'Late card posting (bank date 2026-03-08)',
    ])
    expect(toUnits(view?.balance ?? 'none')).toBe(toUnits(afterRedate.destination.balance))
    expect((await s.transactions(ACCOUNT)).find((t) => t.id === late.id)?.sync).toMatchObject({
      status: 'pushed',
      redatedTo: '2026-03-10',
    })

    // Dismiss one line before the feed start: explained as dismissed.
    const dismissed = await act(s, ACCOUNT, 'early-1', 'dismiss', 'deposit booked by hand in QBO')
    expect(dismissed.items.map((i) => [i.transactionId, i.state, i.code])).toEqual([
      ['early-1', 'dismissed', 'dismissed'],
      ['early-2', 'quarantined', 'before_feed_start'],
    ])
    expect(dismissed.difference).toBe(sum(['300.00', '126.80']))
    expect(dismissed.unexplained).toBe('0.00')
    await s.syncUntilSettled(ACCOUNT)
    view = (await s.pull())[0]
    expectEachOnce(
      view,
      [...pushed, late].map((t) => t.id),
    )
    expect(toUnits(view?.balance ?? 'none')).toBe(toUnits((await report(s, ACCOUNT)).destination.balance))
    expect((await s.transactions(ACCOUNT)).find((t) => t.id === 'early-1')?.sync.status).toBe('dismissed')
  })
})

/** QBO's view holds exactly `ids`, each once. */
function expectEachOnce(view: Parameters<typeof qboCounts>[0], ids: readonly string[]): void {
  const counts = qboCounts(view)
  const inQbo = (view?.lines ?? []).filter((l) => !l.isTest).map((l) => l.id)
  expect(duplicatesOf(inQbo), 'duplicated in QBO').toEqual([])
  expect([...counts.keys()].sort()).toEqual([...ids].sort())
}
