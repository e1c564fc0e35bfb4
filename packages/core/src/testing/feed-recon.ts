/**
 * The reconciliation commands of the model-based test (beside `feed-commands.ts`) and the checks
 * of the report against the model: the model knows only what the bank sent and what QBO holds
 * (`landed`), and sums amounts itself.
 */
import type fc from 'fast-check'
import type { TransactionInput } from '../commands.js'
import { planBatches } from '../planner.js'
import { type Reconciliation, reconcile } from '../reconciliation.js'
import type { Cmd } from './feed-commands.js'
import { Succeed } from './feed-commands.js'
import { apply, type FeedModel, type FeedReal, HOUR, minorOf, nowIso } from './feed-world.js'

const who = { by: 'ops@bank.test', note: 'checked with the customer' }

/** The model's own bank balance: opening + every cleared, not voided, not replaced amount. */
export function modelBankBalance(m: FeedModel): bigint {
  let b = m.opening
  for (const t of m.recorded.values()) if (inModelLedger(t)) b += t.amount ?? 0n
  return b
}

function inModelLedger(t: { cleared: boolean; voided: boolean; replaced?: boolean }): boolean {
  return t.cleared && !t.voided && t.replaced !== true
}

/** The model's own destination balance: opening + every amount QBO accepted. */
export function modelDestinationBalance(m: FeedModel): bigint {
  return m.landed.reduce((b, l) => b + minorOf(l.amount), m.opening)
}

/** The report now, checked against the model; throws on the first disagreement. */
export function checkReport(m: FeedModel, r: FeedReal): Reconciliation {
  const now = nowIso(m)
  const rep = reconcile(r.state, planBatches(r.state, now, { maxBatchSize: m.maxBatchSize }), { now })
  if (rep === undefined) throw new Error('no report for a registered account')
  const sum = rep.items.reduce((s, i) => s + minorOf(i.amount), 0n)
  const fail = (what: string) => {
    throw new Error(`${what}: ${JSON.stringify({ ...rep, items: rep.items.length })}`)
  }
  if (minorOf(rep.unexplained) !== 0n) fail('unexplained is not zero')
  if (minorOf(rep.difference) !== sum) fail(`difference is not the sum of the items (${sum})`)
  if (minorOf(rep.destination.balance) !== modelDestinationBalance(m))
    fail(`destination balance is not opening + accepted (${modelDestinationBalance(m)})`)
  if (minorOf(rep.bank.balance) !== modelBankBalance(m))
    fail(`bank balance is not the model's (${modelBankBalance(m)})`)
  if (rep.destination.pushedCount !== m.landed.length) fail('pushedCount is not what landed')
  for (const i of rep.items) {
    if ((i.state === 'held' || i.state === 'quarantined') && i.actions.length === 0)
      fail(`item ${i.transactionId} (${i.code}) has no action`)
    if (m.landedIds.has(i.transactionId)) fail(`landed ${i.transactionId} is an item`)
  }
  const unlanded = [...m.recorded].filter(([id, t]) => inModelLedger(t) && !m.landedIds.has(id)).length
  if (unlanded !== rep.items.length) fail(`${unlanded} cleared lines not landed, ${rep.items.length} items`)
  if (r.shadow !== undefined) {
    // A folding state reports exactly what the state that keeps every transaction reports.
    const full = reconcile(r.shadow, planBatches(r.shadow, now, { maxBatchSize: m.maxBatchSize }), { now })
    if (JSON.stringify(full) !== JSON.stringify(rep))
      fail(`the folding state's report differs: ${JSON.stringify(full)}`)
  }
  return rep
}

/** The reconciliation report is checked against the model, mid-run. */
export class Check implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    checkReport(m, r)
  }
  toString = () => 'check'
}

/** The bank records a cleared transaction with its balance: the model's ledger balance plus `error`. */
export class RecordWithBalance implements Cmd {
  constructor(
    readonly t: TransactionInput,
    readonly error: bigint,
  ) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    if (m.recorded.has(this.t.id)) return
    let balance = m.opening + minorOf(String(this.t.amount)) + this.error
    for (const t of m.recorded.values())
      if (inModelLedger(t) && t.date <= this.t.date) balance += t.amount ?? 0n
    const sign = balance < 0n ? '-' : ''
    const abs = (balance < 0n ? -balance : balance).toString().padStart(3, '0')
    const text = `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`
    const t = { ...this.t, status: 'cleared' as const, balance: text }
    const res = apply(r, { type: 'RecordTransaction', transaction: t, at: nowIso(m) })
    if (!res.ok) throw new Error(`new transaction refused: ${res.code}`)
    m.recorded.set(t.id, { cleared: true, voided: false, date: t.date, amount: minorOf(String(t.amount)) })
  }
  toString = () => `recordWithBalance(${JSON.stringify(this.t)}, ${this.error})`
}

/** The bank posts a pending transaction under a new id (cleared), perhaps with another amount. */
export class ReplacePending implements Cmd {
  constructor(
    readonly t: TransactionInput,
    readonly pendingId: string,
  ) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    if (m.recorded.has(this.t.id)) return
    const t = { ...this.t, status: 'cleared' as const, replacesPendingId: this.pendingId }
    const res = apply(r, { type: 'RecordTransaction', transaction: t, at: nowIso(m) })
    const p = m.recorded.get(this.pendingId)
    const replaceable =
      p !== undefined && !p.cleared && !p.voided && p.replaced !== true && this.pendingId !== t.id
    if (res.ok !== replaceable) throw new Error(`replacing ${this.pendingId}: ${res.code ?? 'accepted'}`)
    if (!res.ok || p === undefined) return
    p.replaced = true
    m.recorded.set(t.id, { cleared: true, voided: false, date: t.date, amount: minorOf(String(t.amount)) })
  }
  toString = () => `replacePending(${JSON.stringify(this.t)}, ${this.pendingId})`
}

/** The operator dismisses a line. */
export class Dismiss implements Cmd {
  constructor(readonly id: string) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const res = apply(r, { type: 'DismissTransaction', transactionId: this.id, ...who, at: nowIso(m) })
    const known = m.recorded.get(this.id)
    if (res.ok && known !== undefined) {
      if (!inModelLedger(known) || m.landedIds.has(this.id))
        throw new Error(`dismissed ${this.id}, not dismissable`)
      known.dismissed = true
    }
  }
  toString = () => `dismiss(${this.id})`
}

/** The operator redates a line (refused unless a date rule quarantines it). */
export class Redate implements Cmd {
  constructor(readonly id: string) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    apply(r, {
      type: 'RedateTransaction',
      transactionId: this.id,
      ...who,
      at: nowIso(m),
      limits: { maxBatchSize: m.maxBatchSize },
    })
  }
  toString = () => `redate(${this.id})`
}

/** The operator accepts the bank's balance after a line (refused unless it is a mismatch). */
export class AcceptBalance implements Cmd {
  constructor(readonly id: string) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    apply(r, {
      type: 'AcceptBankBalance',
      transactionId: this.id,
      ...who,
      at: nowIso(m),
      limits: { maxBatchSize: m.maxBatchSize },
    })
  }
  toString = () => `acceptBalance(${this.id})`
}

/** The bank chooses what to do with late postings. */
export class SetLatePostings implements Cmd {
  constructor(readonly latePostings: 'quarantine' | 'redate') {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    if (
      !apply(r, { type: 'ChangeAccountSettings', latePostings: this.latePostings, by: who.by, at: nowIso(m) })
        .ok
    )
      throw new Error('settings refused')
  }
  toString = () => `latePostings(${this.latePostings})`
}

/** The worker records new quarantine reasons (nothing to push). */
export class RecordQuarantines implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    if (!apply(r, { type: 'RecordQuarantines', now: nowIso(m), limits: { maxBatchSize: m.maxBatchSize } }).ok)
      throw new Error('record quarantines refused')
  }
  toString = () => 'recordQuarantines'
}

/**
 * Like `drain` (finish the batch in flight, then push and land every batch the planner offers),
 * with batch ids of its own each time, so that it can run again later.
 */
export function settle(m: FeedModel, r: FeedReal): void {
  new Succeed().run(m, r)
  for (let i = 0; i < 10_000; i++) {
    const batchId = `settle-${++m.batchCount}`
    m.feedStartAtPlan.set(batchId, m.feedStartDate)
    const before = r.state.inFlight
    apply(r, { type: 'PlanBatch', batchId, now: nowIso(m), limits: { maxBatchSize: m.maxBatchSize } })
    if (r.state.inFlight === before) return
    new Succeed().run(m, r)
  }
  throw new Error('settle did not end')
}

/**
 * Moves every line on by the report's own actions, letting time pass between rounds, checking the
 * report every round; throws when a cleared line is still neither landed nor dismissed after it.
 */
export function settleByActions(m: FeedModel, r: FeedReal, rounds = 14): void {
  for (let round = 0; round < rounds; round++) {
    settle(m, r)
    const rep = checkReport(m, r)
    const open = rep.items.filter((i) => i.state !== 'dismissed')
    if (open.length === 0) return
    for (const i of open) {
      const at = nowIso(m)
      const id = i.transactionId
      if (i.actions.includes('link_feed')) {
        if (m.linked) continue
        const feedStartDate = m.feedStartDate ?? at.slice(0, 10)
        if (!apply(r, { type: 'LinkFeed', feedStartDate, at }).ok) throw new Error('link refused')
        m.linked = true
        m.feedStartDate = feedStartDate
      } else if (i.actions.includes('accept_balance')) new AcceptBalance(id).run(m, r)
      else if (i.actions.includes('redate')) new Redate(id).run(m, r)
      else if (!i.actions.includes('wait')) new Dismiss(id).run(m, r)
    }
    settle(m, r)
    m.now += 30 * HOUR
  }
  settle(m, r)
  const stuck = checkReport(m, r).items.filter((i) => i.state !== 'dismissed')
  if (stuck.length > 0) throw new Error(`stuck without a way out: ${JSON.stringify(stuck)}`)
}

/** Every command of this file, for `arbitraries.ts`. */
export type ReconCmd = fc.Command<FeedModel, FeedReal>
