import type { EventStore } from '@feedsync/store'
import { afterEach, describe, expect, it } from 'vitest'
import type { DatabaseKind } from './support/database.js'
import { databaseKinds } from './support/database.js'
import { expectLedgerHoldsExactlyOnce, expectServerAgrees } from './support/exactly-once.js'
import { type BankTransaction, daysEndingOn, transactionsOn } from './support/feed-scenario.js'
import { printOutputOnFailure } from './support/harness.js'
import { pushableOn, QBO_PLATFORM } from './support/platforms.js'
import { leaks, secretsOf } from './support/secrets.js'
import {
  armWebhookFaults,
  deliveredAttempts,
  drainWebhooks,
  type SimWebhookFaults,
  webhookMessages,
} from './support/sim-webhooks.js'
import { waitFor } from './support/wait.js'
import { signStandardWebhook } from './support/webhook-receiver.js'
import { startWebhookSystem, syncWithWebhooks, type WebhookSystem } from './support/webhook-system.js'

const ACCOUNT = 'wh-1'
const PLATFORM = QBO_PLATFORM
const HOLD_MS = 4000
/** The backstop re-reads a pending push soon (a dropped webhook must not stall the test for a minute). */
const BACKSTOP = {
  FEEDSYNC_WEBHOOK_RECHECK_MS: '500',
  FEEDSYNC_WEBHOOK_RECHECK_MAX_MS: '2000',
  // The worker's own loop runs the backstop (a "sync now" only starts a push).
  FEEDSYNC_SYNC_INTERVAL_MS: '1000',
}

/** Every event of the store's log, in log order, as `stream@version type` (what a change would show in). */
async function eventLog(store: EventStore): Promise<string[]> {
  const out: string[] = []
  let after: Awaited<ReturnType<EventStore['readAll']>>['position']
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 })
    if (page.events.length === 0 || page.position === undefined) return out
    for (const e of page.events) out.push(`${e.stream}@${e.version} ${e.type}`)
    after = page.position
  }
}

/** Reads the log through a store of its own (PGlite: only while no server process holds the directory). */
async function readLog(sys: WebhookSystem): Promise<string[]> {
  const store = await sys.db.openStore()
  try {
    return await eventLog(store)
  } finally {
    await store.close()
  }
}

/** Every simulator message to the engine has ended in a 2xx and nothing is due: Codat sends nothing more. */
async function simQuiet(sys: WebhookSystem): Promise<void> {
  await waitFor('every Codat webhook delivered', async () => {
    await drainWebhooks(sys.codat)
    const ms = await webhookMessages(sys.codat, sys.endpointId)
    return ms.every((m) => m.status === 'Success') ? true : undefined
  })
}

describe.each(databaseKinds())('Codat webhooks into the engine (%s)', (database: DatabaseKind) => {
  let sys: WebhookSystem | undefined
  afterEach(async () => {
    await sys?.close()
    sys = undefined
  })

  it('with duplicated, reordered, badly signed, dropped and late webhooks over four days, the ledger holds every line exactly once and every push settles', async () => {
    sys = await startWebhookSystem({ database, env: BACKSTOP })
    printOutputOnFailure(sys.processes, 40)
    const s = sys.scenario
    await s.onboard([ACCOUNT])
    const today = (await s.now()).slice(0, 10)
    // Today and the three days after it: each day's lines are pushed the next morning.
    const days = daysEndingOn(
      new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10),
      4,
    )
    await s.link([ACCOUNT], today)
    const recorded = transactionsOn(days, 5)
    const pushable = pushableOn(PLATFORM, recorded, today, today)
    expect(pushable).toHaveLength(20)
    // One day's lines, the next day comes, then one sync under that day's faults on the engine's endpoint.
    const faultsByDay: SimWebhookFaults[] = [
      { duplicate: 3, reorder: true },
      { badSignature: 2 },
      { drop: true },
      { duplicate: 1, timestampSkewSeconds: -30 },
    ]
    let onDay = 0
    const here = sys
    const explain = async (error: unknown) => {
      const ms = await webhookMessages(here.codat, here.endpointId)
      const detail = ms.map((m) => [m.eventType, m.status, m.attempts])
      console.error(
        `failed on day ${onDay + 1}`,
        JSON.stringify(detail),
        JSON.stringify(await s.feed(ACCOUNT)),
      )
      throw error
    }
    for (const [i, day] of days.entries()) {
      onDay = i
      await armWebhookFaults(sys.codat, sys.endpointId, faultsByDay[i] ?? {})
      const ofDay: BankTransaction[] = recorded.filter((t) => t.date.slice(0, 10) === day)
      await s.record(ACCOUNT, ofDay)
      await s.advance('P1D')
      const feed = await syncWithWebhooks(sys, s, ACCOUNT, { timeoutMs: 60_000, nudge: 'PT10M' }).catch(
        explain,
      )
      expect(feed.batchInFlight, `day ${i + 1}: no push left unsettled`).toBeNull()
      if (faultsByDay[i]?.drop === true) {
        // Settled by the backstop read; now Codat's retries come late, after the outcome is recorded.
        await armWebhookFaults(sys.codat, sys.endpointId, {})
        await s.advance('PT2H')
        await simQuiet(sys)
      }
    }
    await simQuiet(sys)
    const feed = await s.syncUntilSettled(ACCOUNT, 30_000)
    expect(feed.counts.ready + feed.counts.inFlight).toBe(0)

    const messages = await webhookMessages(sys.codat, sys.endpointId)
    const writes = messages.filter((m) => m.eventType === 'bankTransactions.write.successful')
    expect(writes.length, 'one write.successful per push').toBeGreaterThanOrEqual(days.length)
    // The faults really happened: duplicates answered 2xx (stored once), bad signatures refused, drops.
    const attempts = messages.flatMap((m) => m.attempts)
    expect(
      attempts.filter((a) => a.duplicate === true && a.statusCode === 204).length,
    ).toBeGreaterThanOrEqual(4)
    expect(attempts.filter((a) => a.statusCode === 400).length).toBeGreaterThanOrEqual(2)
    expect(attempts.filter((a) => a.error === 'dropped').length).toBeGreaterThanOrEqual(1)
    for (const m of messages) expect(deliveredAttempts(m).length, `${m.id} delivered`).toBeGreaterThan(0)
    const metrics = await (await fetch(`${sys.serverUrl}/metrics`)).text()
    expect(metrics).toMatch(/feedsync_webhooks_duplicate_total [1-9]/)
    expect(metrics).toMatch(/feedsync_webhooks_refused_total [1-9]/)

    const view = await s.pull()
    expectLedgerHoldsExactlyOnce(PLATFORM, view[0], pushable, '1000.00')
    await expectServerAgrees(s, ACCOUNT, view[0], pushable)
    expect(
      leaks(
        sys.processes.flatMap((p) => p.output),
        [...secretsOf(s), sys.secret],
      ),
    ).toEqual([])
  }, 150_000)

  it('a forged or badly signed delivery gets 400 invalid_signature and the event log stays as it was', async () => {
    sys = await startWebhookSystem({ database, env: BACKSTOP })
    printOutputOnFailure(sys.processes, 40)
    const s = sys.scenario
    await s.onboard([ACCOUNT])
    const today = (await s.now()).slice(0, 10)
    const days = daysEndingOn(today, 2)
    await s.link([ACCOUNT], days[0] ?? today)
    await s.record(ACCOUNT, transactionsOn(days, 3))
    await syncWithWebhooks(sys, s, ACCOUNT, { timeoutMs: 60_000 })
    // Quiet first: Codat has nothing more to send, and the engine has nothing in flight. The
    // server is stopped so that nothing of its own (the worker's loop, the inbox processor acting
    // on a webhook answered just before, the outbox) can append between the two reads.
    await simQuiet(sys)
    await sys.server.stop()
    const before = await readLog(sys)
    expect(
      before.some((l) => l.includes(' WebhookProcessed')),
      'webhooks were acted on',
    ).toBe(true)
    expect(before.filter((l) => l.includes(' WebhookReceived')).length).toBe(
      before.filter((l) => l.includes(' WebhookProcessed')).length,
    )
    const server = await sys.restart()

    const now = new Date()
    const id = 'msg_forged_1'
    const body = JSON.stringify({
      id: 'evt_forged',
      eventType: 'bankFeeds.sourceAccount.disconnected',
      generatedDate: now.toISOString(),
      payload: { referenceCompany: { id: s.companyId } },
    })
    const wrongSecret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`
    const post = (headers: Record<string, string>, payload = body) =>
      fetch(`${server.url}/webhooks/codat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
      })
    const signed = (secret: string, at: Date, payload = body, msgId = id) => ({
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signStandardWebhook(secret, msgId, at, payload),
    })
    const forged = [
      ['signed with another secret', post(signed(wrongSecret, now))],
      ['no signature headers', post({})],
      ['the right secret, ten minutes old', post(signed(sys.secret, new Date(now.getTime() - 600_000)))],
      [
        'the right secret, another body',
        post(signed(sys.secret, now), body.replace('disconnected', 'connected')),
      ],
      [
        'the right secret, another webhook-id',
        post({ ...signed(sys.secret, now), 'webhook-id': 'msg_other' }),
      ],
    ] as const
    for (const [what, reply] of forged) {
      const r = await reply
      expect(r.status, what).toBe(400)
      expect(r.headers.get('content-type'), what).toMatch(/application\/problem\+json/)
      expect(((await r.json()) as { code: string }).code, what).toBe('invalid_signature')
    }
    // Refused and counted, nothing more: the log (inbox streams included) is read again below.
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/feedsync_webhooks_refused_total 5\b/)
    await server.stop()
    const after = await readLog(sys)
    expect(after, 'the event log after the forged deliveries').toEqual(before)
  }, 120_000)

  it('a server killed by SIGKILL between intent and outcome, restarted on the same database and port, leaves every line in the ledger exactly once', async () => {
    sys = await startWebhookSystem({ database, env: BACKSTOP })
    printOutputOnFailure(sys.processes, 40)
    const s = sys.scenario
    await s.onboard([ACCOUNT])
    const today = (await s.now()).slice(0, 10)
    const days = daysEndingOn(today, 3)
    const first = days[0] ?? today
    await s.link([ACCOUNT], first)
    const recorded = transactionsOn(days, 6)
    const pushable = pushableOn(PLATFORM, recorded, first, today)
    await s.record(ACCOUNT, recorded)
    await s.advance('P1D')
    await armWebhookFaults(sys.codat, sys.endpointId, { duplicate: 2 })
    // The first push is held at Codat: intent recorded, no answer yet; it lands after the crash.
    await s.fault({ route: 'create-bank-transactions', latencyMs: HOLD_MS, after: 0, count: 1 })
    const crashed = sys.server
    const syncing = s.sync(ACCOUNT).catch((error: unknown) => error)
    await waitFor('the fault to hold the sync', () =>
      sys?.sim.eventCount('FaultApplied') ? true : undefined,
    )
    const atKill = await s.feed(ACCOUNT)
    expect(atKill.batchInFlight?.status, 'the kill lands between intent and outcome').toBe('planned')
    await crashed.crash()
    expect((await crashed.exited).signal).toBe('SIGKILL')
    expect(await syncing).toBeInstanceOf(Error)
    // The held push lands while no server listens: its webhook fails and is retried by Codat.
    await waitFor('the held push to land at Codat', () => (sys?.sim.inFlight() === 0 ? true : undefined), {
      timeoutMs: HOLD_MS * 3,
    })

    const second = await sys.restart()
    const s2 = s.through(second.api)
    const feed = await syncWithWebhooks(sys, s2, ACCOUNT, { timeoutMs: 60_000, nudge: 'PT10M' })
    expect(feed.counts.ready + feed.counts.inFlight).toBe(0)
    await simQuiet(sys)
    await waitFor('no request held at Codat', () => (sys?.sim.inFlight() === 0 ? true : undefined), {
      timeoutMs: HOLD_MS * 3,
    })
    const view = await s2.pull()
    expectLedgerHoldsExactlyOnce(PLATFORM, view[0], pushable, '1000.00')
    await expectServerAgrees(s2, ACCOUNT, view[0], pushable)
    expect(leaks([...crashed.output, ...second.output], [...secretsOf(s), sys.secret])).toEqual([])
  }, 150_000)
})
