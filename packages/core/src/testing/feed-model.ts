import fc from 'fast-check'
import type { Command, TransactionInput } from '../commands.js'
import { decide } from '../decide.js'
import type { FeedEvent, LineRejection, PlannedLine } from '../events.js'
import { parseDecimal } from '../money.js'
import { fromSnapshot, toSnapshot } from '../snapshot.js'
import { type AccountState, evolve, initialState } from '../state.js'
import { dayOffset, smallId, transactionInput } from './arbitraries.js'
import { qboViolations } from './qbo-oracle.js'

/**
 * Model-based test of the whole decider: commands act on the real core state, while a plain model
 * plays QuickBooks (what landed, in which order) and checks every push against QBO's rules.
 */
export interface FeedModel {
  now: number
  linked: boolean
  feedStartDate: string | undefined
  recorded: Map<string, { cleared: boolean; voided: boolean; date: string }>
  /** Lines QBO holds, in landing order. */
  landed: PlannedLine[]
  landedIds: Set<string>
  opening: bigint
  batchCount: number
  maxBatchSize: number
  /** Feed start date in force when each batch was planned (QBO checks at push time). */
  feedStartAtPlan: Map<string, string | undefined>
}

export interface FeedReal {
  state: AccountState
  /** Every event appended, in order (what an event store would hold). */
  log: FeedEvent[]
}

const HOUR = 3_600_000
export const START = Date.parse(`${dayOffset(0)}T09:00:00Z`)

export function nowIso(model: FeedModel): string {
  return new Date(model.now).toISOString()
}

function apply(real: FeedReal, command: Command): { ok: boolean; code?: string } {
  const d = decide(command, real.state)
  if (!d.ok) return { ok: false, code: d.error.code }
  for (const e of d.events) {
    evolve(real.state, e)
    real.log.push(e)
  }
  return { ok: true }
}

const minor = (s: string) => {
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

type Cmd = fc.Command<FeedModel, FeedReal>

class Record implements Cmd {
  constructor(readonly t: TransactionInput) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const res = apply(r, { type: 'RecordTransaction', transaction: this.t, at: nowIso(m) })
    const known = m.recorded.get(this.t.id)
    if (known === undefined) {
      if (!res.ok) throw new Error(`new transaction refused: ${res.code}`)
      m.recorded.set(this.t.id, { cleared: this.t.status === 'cleared', voided: false, date: this.t.date })
    } else if (res.ok && this.t.status === 'cleared' && !known.voided) {
      known.cleared = true
    }
  }
  toString = () => `record(${JSON.stringify(this.t)})`
}

class Clear implements Cmd {
  constructor(
    readonly id: string,
    readonly newDay: number | undefined,
  ) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const t = r.state.txns.get(this.id)
    const date = this.newDay === undefined ? undefined : dayOffset(this.newDay)
    const cmd: Command =
      date === undefined
        ? { type: 'ClearTransaction', transactionId: this.id, at: nowIso(m) }
        : { type: 'ClearTransaction', transactionId: this.id, date, at: nowIso(m) }
    const res = apply(r, cmd)
    const known = m.recorded.get(this.id)
    if (known === undefined) {
      if (res.code !== 'unknown_transaction') throw new Error('clearing an unknown id must be refused')
      return
    }
    if (res.ok && !known.cleared && t !== undefined) {
      known.cleared = true
      if (date !== undefined) known.date = date
    }
  }
  toString = () => `clear(${this.id}, ${this.newDay})`
}

class Void implements Cmd {
  constructor(readonly id: string) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const res = apply(r, { type: 'VoidTransaction', transactionId: this.id, at: nowIso(m) })
    const known = m.recorded.get(this.id)
    if (known === undefined) return
    if (m.landedIds.has(this.id)) {
      if (res.code !== 'transaction_already_pushed')
        throw new Error(`void of pushed ${this.id} gave ${res.code}`)
    } else if (res.ok) known.voided = true
  }
  toString = () => `void(${this.id})`
}

class Link implements Cmd {
  constructor(readonly offset: number) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const feedStartDate = dayOffset(this.offset)
    if (!apply(r, { type: 'LinkFeed', feedStartDate, at: nowIso(m) }).ok) throw new Error('link refused')
    m.linked = true
    m.feedStartDate = feedStartDate
  }
  toString = () => `link(${dayOffset(this.offset)})`
}

class Disconnect implements Cmd {
  check = (m: Readonly<FeedModel>) => m.linked
  run(m: FeedModel, r: FeedReal) {
    apply(r, { type: 'DisconnectFeed', at: nowIso(m) })
    m.linked = false
  }
  toString = () => 'disconnect'
}

class Advance implements Cmd {
  constructor(readonly hours: number) {}
  check = () => true
  run(m: FeedModel) {
    m.now += this.hours * HOUR
  }
  toString = () => `advance(${this.hours}h)`
}

class Plan implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const batchId = `b${++m.batchCount}`
    m.feedStartAtPlan.set(batchId, m.feedStartDate)
    apply(r, { type: 'PlanBatch', batchId, now: nowIso(m), limits: { maxBatchSize: m.maxBatchSize } })
  }
  toString = () => 'plan'
}

class Submit implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const id = r.state.inFlight
    if (id !== undefined)
      apply(r, { type: 'SubmitBatch', batchId: id, pushOperationKey: `op-${id}`, at: nowIso(m) })
  }
  toString = () => 'submit'
}

class Succeed implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const id = r.state.inFlight
    if (id === undefined) return
    const b = r.state.batches.get(id)
    if (b === undefined) throw new Error('in-flight batch missing')
    if (!m.linked) {
      // The feed was switched off while the batch was in flight: QBO refuses the whole push.
      apply(r, { type: 'RecordBatchFailed', batchId: id, rejections: [], message: 'feed off', at: nowIso(m) })
      return
    }
    land(m, b.lines, b.plannedAt, m.feedStartAtPlan.get(id))
    if (!apply(r, { type: 'RecordBatchSucceeded', batchId: id, at: nowIso(m) }).ok)
      throw new Error('success refused')
  }
  toString = () => 'succeed'
}

class Fail implements Cmd {
  constructor(readonly mask: number) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const id = r.state.inFlight
    if (id === undefined) return
    const b = r.state.batches.get(id)
    const rejections: LineRejection[] = (b?.lines ?? []).flatMap((l, i) =>
      this.mask & (1 << (i % 31))
        ? [
            {
              transactionId: l.transactionId,
              code: 'qbo',
              message: 'refused in test',
              final: (this.mask >> 3) % 2 === 0,
            },
          ]
        : [],
    )
    if (
      !apply(r, { type: 'RecordBatchFailed', batchId: id, rejections, message: 'failed', at: nowIso(m) }).ok
    ) {
      throw new Error('failure refused')
    }
  }
  toString = () => `fail(${this.mask})`
}

class Timeout implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const id = r.state.inFlight
    if (id !== undefined) apply(r, { type: 'RecordBatchTimedOut', batchId: id, at: nowIso(m) })
  }
  toString = () => 'timeout'
}

/** A crash and restart: the state is rebuilt from its JSON snapshot. */
class Restart implements Cmd {
  check = () => true
  run(_m: FeedModel, r: FeedReal) {
    r.state = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(r.state))))
  }
  toString = () => 'restart'
}

const record = transactionInput(smallId, { min: -9, max: 2 }).map((t) => new Record(t))
const plan = fc.constant(new Plan())
const succeed = fc.constant(new Succeed())

export const feedCommands: fc.Arbitrary<Iterable<Cmd>> = fc.commands(
  [
    record,
    record,
    record,
    record,
    fc
      .tuple(smallId, fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }))
      .map(([id, d]) => new Clear(id, d)),
    smallId.map((id) => new Void(id)),
    fc.integer({ min: -10, max: 2 }).map((o) => new Link(o)),
    fc.constant(new Disconnect()),
    fc.integer({ min: 1, max: 30 }).map((h) => new Advance(h)),
    plan,
    plan,
    fc.constant(new Submit()),
    succeed,
    succeed,
    fc.integer({ min: 0, max: 255 }).map((mask) => new Fail(mask)),
    fc.constant(new Timeout()),
    fc.constant(new Restart()),
  ],
  { maxCommands: 120, size: '+1' },
)

export function newWorld(maxBatchSize: number, linkOffset?: number): { model: FeedModel; real: FeedReal } {
  const real: FeedReal = { state: initialState(), log: [] }
  const at = new Date(START).toISOString()
  const reg = apply(real, {
    type: 'RegisterAccount',
    accountId: 'acc-1',
    currency: 'USD',
    openingBalance: '100.00',
    at,
  })
  if (!reg.ok) throw new Error('register refused')
  const model: FeedModel = {
    now: START,
    linked: false,
    feedStartDate: undefined,
    recorded: new Map(),
    landed: [],
    landedIds: new Set(),
    opening: 10_000n,
    batchCount: 0,
    maxBatchSize,
    feedStartAtPlan: new Map(),
  }
  if (linkOffset !== undefined) new Link(linkOffset).run(model, real)
  return { model, real }
}

/**
 * Settles everything without moving time: finish the batch in flight, then push and land every
 * batch the planner offers until it offers none.
 */
export function drain(m: FeedModel, r: FeedReal): void {
  new Succeed().run(m, r)
  for (let i = 0; i < 10_000; i++) {
    const batchId = `drain-${i}`
    m.feedStartAtPlan.set(batchId, m.feedStartDate)
    const before = r.state.inFlight
    apply(r, { type: 'PlanBatch', batchId, now: nowIso(m), limits: { maxBatchSize: m.maxBatchSize } })
    if (r.state.inFlight === before) return
    new Succeed().run(m, r)
  }
  throw new Error('drain did not settle')
}
