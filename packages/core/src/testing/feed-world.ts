import type { Command } from '../commands.js'
import { decide } from '../decide.js'
import type { FeedEvent, PlannedLine } from '../events.js'
import { parseDecimal } from '../money.js'
import type { AccountState, Txn } from '../state.js'
import { evolve } from '../state.js'
import { dayOffset } from './days.js'
import { qboViolations } from './qbo-oracle.js'

/**
 * Model-based test of the whole decider: commands act on the real core state, while a plain model
 * plays QuickBooks (what landed, in which order) and checks every push against QBO's rules.
 */
export interface FeedModel {
  now: number
  linked: boolean
  feedStartDate: string | undefined
  recorded: Map<string, ModelTxn>
  /** Lines QBO holds, in landing order. */
  landed: PlannedLine[]
  landedIds: Set<string>
  opening: bigint
  batchCount: number
  maxBatchSize: number
  /** Feed start date in force when each batch was planned (QBO checks at push time). */
  feedStartAtPlan: Map<string, string | undefined>
}

/**
 * What the model knows of one recorded transaction. `amount` (minor units), `replaced` and
 * `dismissed` are kept by the reconciliation test's commands; the others leave them out.
 */
export interface ModelTxn {
  cleared: boolean
  voided: boolean
  date: string
  amount?: bigint
  replaced?: boolean
  dismissed?: boolean
}

/** The system under test: the core state and its event log. */
export interface FeedReal {
  state: AccountState
  /** Every event appended, in order (what an event store would hold). */
  log: FeedEvent[]
  /**
   * For a folding `state`: the same events folded by a state that keeps every transaction, standing
   * in for the shell's projection (decisions get the transactions `state` folded away from it).
   */
  shadow?: AccountState
}

/** What the shell's projection would read back for a folding state: the transactions it no longer holds. */
export function settledLookup(real: FeedReal): Map<string, Txn> {
  const out = new Map<string, Txn>()
  if (real.shadow === undefined) return out
  for (const [id, t] of real.shadow.txns) if (!real.state.txns.has(id)) out.set(id, t)
  return out
}

/** One hour in milliseconds. */
export const HOUR = 3_600_000
/** When every world starts: 09:00 UTC on the base day. */
export const START = Date.parse(`${dayOffset(0)}T09:00:00Z`)

/** The model's clock as an ISO instant. */
export function nowIso(model: FeedModel): string {
  return new Date(model.now).toISOString()
}

/** Decides a command on the real state and appends its events; the refusal code, if refused. */
export function apply(real: FeedReal, command: Command): { ok: boolean; code?: string } {
  const d = decide(command, real.state, settledLookup(real))
  if (!d.ok) return { ok: false, code: d.error.code }
  for (const e of d.events) {
    evolve(real.state, e)
    if (real.shadow !== undefined) evolve(real.shadow, e)
    real.log.push(e)
  }
  return { ok: true }
}

/** A two-decimal amount in minor units (throws on anything else: test support). */
export const minorOf = (s: string): bigint => minor(s)

function minor(s: string): bigint {
  const p = parseDecimal(s, 2)
  if (!p.ok) throw new Error(`bad decimal ${s}`)
  return p.minor
}

/** QBO accepts a batch: it must obey every rule, hold no line twice, and carry exact running balances. */
export function land(
  model: FeedModel,
  lines: readonly PlannedLine[],
  plannedAt: string,
  feedStartDate: string | undefined,
): void {
  const today = plannedAt.slice(0, 10)
  const newest = model.landed.reduce<string | undefined>((m, l) => {
    const d = l.date.slice(0, 10)
    return m === undefined || d > m ? d : m
  }, undefined)
  const violations = qboViolations(
    lines.map((l) => ({
      transactionId: l.transactionId,
      date: l.date,
      cleared: model.recorded.get(l.transactionId)?.cleared ?? false,
      accountId: 'acc-1',
    })),
    {
      today,
      feedStartDate,
      linked: true,
      historicDays: 7,
      maxBatchSize: model.maxBatchSize,
      newestOnDestination: newest,
    },
  )
  if (violations.length > 0) throw new Error(`batch breaks QBO rules: ${violations.join('; ')}`)
  let balance =
    model.landed.length === 0 ? model.opening : minor((model.landed.at(-1) as PlannedLine).balance)
  for (const l of lines) {
    if (model.landedIds.has(l.transactionId)) throw new Error(`transaction ${l.transactionId} pushed twice`)
    if (model.recorded.get(l.transactionId)?.voided) throw new Error(`voided ${l.transactionId} pushed`)
    balance += minor(l.amount)
    if (minor(l.balance) !== balance)
      throw new Error(`balance after ${l.transactionId} is ${l.balance}, expected ${balance}`)
    model.landedIds.add(l.transactionId)
    model.landed.push(l)
  }
}
