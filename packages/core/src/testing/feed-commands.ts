import type fc from 'fast-check'
import type { Command, TransactionInput } from '../commands.js'
import type { LineRejection } from '../events.js'
import { fromSnapshot, toSnapshot } from '../snapshot.js'
import { dayOffset } from './days.js'
import { apply, type FeedModel, type FeedReal, HOUR, land, minorOf, nowIso } from './feed-world.js'

/**
 * The commands of the model-based test (fast-check's `check`, `run`, `toString`): each acts on the
 * real core state and on the model, and throws when the two disagree.
 */
export type Cmd = fc.Command<FeedModel, FeedReal>

/** The bank records a transaction (new, replayed, or reported cleared). */
export class Record implements Cmd {
  constructor(readonly t: TransactionInput) {}
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const res = apply(r, { type: 'RecordTransaction', transaction: this.t, at: nowIso(m) })
    const known = m.recorded.get(this.t.id)
    if (known === undefined) {
      if (!res.ok) throw new Error(`new transaction refused: ${res.code}`)
      m.recorded.set(this.t.id, {
        cleared: this.t.status === 'cleared',
        voided: false,
        date: this.t.date,
        amount: minorOf(String(this.t.amount)),
      })
    } else if (res.ok && this.t.status === 'cleared' && !known.voided && !known.replaced) {
      known.cleared = true
    }
  }
  toString = () => `record(${JSON.stringify(this.t)})`
}

/** The bank clears a transaction, perhaps on a new date. */
export class Clear implements Cmd {
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

/** The bank voids a transaction. */
export class Void implements Cmd {
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

/** The customer links the feed with a start date `offset` days from the base day. */
export class Link implements Cmd {
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

/** The customer switches the feed off. */
export class Disconnect implements Cmd {
  check = (m: Readonly<FeedModel>) => m.linked
  run(m: FeedModel, r: FeedReal) {
    apply(r, { type: 'DisconnectFeed', at: nowIso(m) })
    m.linked = false
  }
  toString = () => 'disconnect'
}

/** Time passes. */
export class Advance implements Cmd {
  constructor(readonly hours: number) {}
  check = () => true
  run(m: FeedModel) {
    m.now += this.hours * HOUR
  }
  toString = () => `advance(${this.hours}h)`
}

/** The worker plans a batch (writes its intent). */
export class Plan implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const batchId = `b${++m.batchCount}`
    m.feedStartAtPlan.set(batchId, m.feedStartDate)
    apply(r, { type: 'PlanBatch', batchId, now: nowIso(m), limits: { maxBatchSize: m.maxBatchSize } })
  }
  toString = () => 'plan'
}

/** The worker submits the batch in flight. */
export class Submit implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const id = r.state.inFlight
    if (id !== undefined)
      apply(r, { type: 'SubmitBatch', batchId: id, pushOperationKey: `op-${id}`, at: nowIso(m) })
  }
  toString = () => 'submit'
}

/** QBO takes the batch in flight (refused whole if the feed is off meanwhile). */
export class Succeed implements Cmd {
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

/** The batch in flight fails; `mask` picks the refused lines and whether they are final. */
export class Fail implements Cmd {
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

/** The batch in flight times out. */
export class Timeout implements Cmd {
  check = () => true
  run(m: FeedModel, r: FeedReal) {
    const id = r.state.inFlight
    if (id !== undefined) apply(r, { type: 'RecordBatchTimedOut', batchId: id, at: nowIso(m) })
  }
  toString = () => 'timeout'
}

/** A crash and restart: the state is rebuilt from its JSON snapshot. */
export class Restart implements Cmd {
  check = () => true
  run(_m: FeedModel, r: FeedReal) {
    r.state = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(r.state))))
  }
  toString = () => 'restart'
}
