import { afterEach, describe, expect, it, onTestFailed } from 'vitest'
import { type DatabaseKind, databaseKinds } from './support/database.js'
import { expectLedgerHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { daysEndingOn, transactionsOn } from './support/feed-scenario.js'
import { printOutputOnFailure } from './support/harness.js'
import { pushableOn, QBO_PLATFORM } from './support/platforms.js'
import { leaks, secretsOf } from './support/secrets.js'
import { waitFor } from './support/wait.js'
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  verifyStandardWebhook,
  type WebhookReceiver,
} from './support/webhook-receiver.js'
import { startWebhookSystem, syncWithWebhooks, type WebhookSystem } from './support/webhook-system.js'

const ACCOUNT = 'bank-1'
const PLATFORM = QBO_PLATFORM
const HOLD_MS = 4000
const ENV = {
  FEEDSYNC_WEBHOOK_RECHECK_MS: '500',
  FEEDSYNC_WEBHOOK_RECHECK_MAX_MS: '2000',
  FEEDSYNC_SYNC_INTERVAL_MS: '1000',
}

interface PushedEvent {
  id: string
  type: string
  data: { companyId: string; accountId: string; batchId: string; transactions: { transactionId: string }[] }
}

/** The accepted `transactions.pushed` requests, by `webhook-id`, each id's bodies as received. */
function byWebhookId(requests: readonly ReceivedWebhook[]): Map<string, ReceivedWebhook[]> {
  const out = new Map<string, ReceivedWebhook[]>()
  for (const r of requests) {
    const type = (JSON.parse(r.body) as { type: string }).type
    if (type !== 'transactions.pushed') continue
    out.set(r.id, [...(out.get(r.id) ?? []), r])
  }
  return out
}

describe.each(databaseKinds())("the bank's backend told by webhook (%s)", (database: DatabaseKind) => {
  let sys: WebhookSystem | undefined
  let receiver: WebhookReceiver | undefined
  afterEach(async () => {
    await sys?.close()
    await receiver?.close()
    sys = undefined
    receiver = undefined
  })

  it('a registered receiver gets transactions.pushed for every pushed line exactly once per webhook-id, validly signed, across a SIGKILL and restart', async () => {
    const w = await startWebhookSystem({ database, env: ENV })
    sys = w
    const r = await startWebhookReceiver()
    receiver = r
    printOutputOnFailure(w.processes, 40)
    onTestFailed(() => {
      console.error(
        `receiver got ${r.requests.length}: ${JSON.stringify(r.requests.map((q) => [q.id, q.answered, q.valid]))}`,
      )
    })
    const s = w.scenario
    const created = await s.expect(
      'register the bank endpoint',
      w.server.api.call<{ id: string; secret: string }>('POST', '/v1/webhooks', {
        url: `${r.url}/feedsync`,
        events: ['transactions.pushed'],
      }),
      201,
    )
    expect(created.secret).toMatch(/^whsec_/)
    r.setSecret(created.secret)

    const started = Date.now()
    await s.onboard([ACCOUNT])
    const today = (await s.now()).slice(0, 10)
    const days = daysEndingOn(today, 3)
    const first = days[0] ?? today
    await s.link([ACCOUNT], first)
    const recorded = transactionsOn(days, 8)
    const pushable = pushableOn(PLATFORM, recorded, first, today)
    await s.record(ACCOUNT, recorded)
    await s.advance('P1D')
    // The second push is held at Codat; the first is pushed and told to the bank before the crash.
    await s.fault({ route: 'create-bank-transactions', latencyMs: HOLD_MS, after: 1, count: 1 })
    await s.sync(ACCOUNT)
    await waitFor(
      'the first push told to the bank and the second held at Codat',
      async () => {
        await s.sync(ACCOUNT).catch(() => undefined)
        return byWebhookId(r.accepted()).size >= 1 && w.sim.eventCount('FaultApplied') > 0 ? true : undefined
      },
      { timeoutMs: 60_000, everyMs: 200 },
    )
    const t0 = Date.now()
    const crashed = w.server
    console.log(`phase: first push told, second held after ${Date.now() - started} ms`)
    await crashed.crash()
    expect((await crashed.exited).signal).toBe('SIGKILL')
    const beforeRestart = r.requests.length
    await waitFor('the held push to land at Codat', () => (w.sim.inFlight() === 0 ? true : undefined), {
      timeoutMs: HOLD_MS * 3,
    })

    const second = await w.restart()
    const restartedAt = Date.now()
    const s2 = s.through(second.api)
    const feed = await syncWithWebhooks(w, s2, ACCOUNT, { timeoutMs: 60_000 })
    expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
    console.log(`phase: restart ${restartedAt - t0} ms, settled ${Date.now() - restartedAt} ms later`)
    const pushedIds = new Set(pushable.map((t) => t.id))
    const told = () =>
      [...byWebhookId(r.accepted()).values()].flatMap((rs) =>
        (JSON.parse(rs[0]?.body ?? '{}') as PushedEvent).data.transactions.map((t) => t.transactionId),
      )
    await waitFor(
      'every pushed line told to the bank',
      () => (told().length >= pushedIds.size ? true : undefined),
      { timeoutMs: 60_000, everyMs: 100 },
    )
    expect(r.requests.length, 'the restarted process delivered').toBeGreaterThan(beforeRestart)
    const firstAfter = (r.requests[beforeRestart]?.at ?? Number.NaN) - restartedAt
    console.log(`first delivery ${firstAfter} ms after the restarted process was ready`)
    // The dead process's outbox leases last FEEDSYNC_LEASE_TTL_MS (5 s here), not a minute.
    expect(firstAfter).toBeLessThan(30_000)

    // Every request carried a valid Standard Webhooks signature (standardwebhooks' own verify).
    for (const q of r.requests) {
      expect(q.valid, `${q.id} verified on receipt`).toBe(true)
      expect(verifyStandardWebhook(created.secret, q), `${q.id} verifies`).toBe(true)
    }
    // One webhook-id per event; a repeat (at least once) only with the same id and the same bytes.
    const groups = byWebhookId(r.accepted())
    const eventIds = new Map<string, string>()
    for (const [id, rs] of groups) {
      expect(new Set(rs.map((q) => q.body)).size, `${id}: every copy the same bytes`).toBe(1)
      const event = JSON.parse(rs[0]?.body ?? '{}') as PushedEvent
      expect(eventIds.has(event.id), `event ${event.id} under one webhook-id`).toBe(false)
      eventIds.set(event.id, id)
      expect(event.data.companyId).toBe(s.companyId)
      expect(event.data.accountId).toBe(ACCOUNT)
    }
    // Every pushed line exactly once across the distinct webhook-ids, and nothing else.
    expect([...told()].sort()).toEqual([...pushedIds].sort())

    const view = await s2.pull()
    expectLedgerHoldsExactlyOnce(PLATFORM, view[0], pushable, '1000.00')
    await expectServerAgrees(s2, ACCOUNT, view[0], pushable)
    expect(leaks([...crashed.output, ...second.output], [...secretsOf(s), created.secret, w.secret])).toEqual(
      [],
    )
  }, 170_000)
})
