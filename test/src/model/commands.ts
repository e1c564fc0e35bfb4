import type fc from 'fast-check'
import type { BankTransaction, FeedScenario } from '../support/feed-scenario.js'

/** The model: what the bank told feedsync, nothing of the engine's rules (those are checked at the end). */
export interface PipelineModel {
  readonly account: string
  /** Every transaction recorded, in recording order, with what the bank said since. */
  txns: { t: BankTransaction; status: 'pending' | 'cleared' | 'voided' }[]
  next: number
}

/** The real system: one company of the whole system. */
export interface PipelineReal {
  readonly s: FeedScenario
}

type Cmd = fc.AsyncCommand<PipelineModel, PipelineReal>

const day = async (real: PipelineReal, back: number) => {
  const now = Date.parse(await real.s.now())
  return new Date(now - back * 86_400_000).toISOString().slice(0, 10)
}

/** The bank records `count` transactions dated `back` days ago, some pending. */
export class Ingest implements Cmd {
  constructor(
    readonly count: number,
    readonly back: number,
    readonly pendingEvery: number,
  ) {}
  check = () => true
  async run(m: PipelineModel, r: PipelineReal): Promise<void> {
    const date = await day(r, this.back)
    const batch: BankTransaction[] = []
    for (let i = 0; i < this.count; i++) {
      const n = m.next++
      const cents = ((n * 7919) % 20_000) + 1
      batch.push({
        id: `m-${n}`,
        date: `${date}T${String(8 + (n % 12)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`,
        description: `model ${n}`,
        amount: `${n % 4 === 0 ? '-' : ''}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        status: i % this.pendingEvery === 0 ? 'pending' : 'cleared',
      })
    }
    const res = await r.s.api.call<{ results: { id: string; result: string }[] }>(
      'POST',
      `/v1/companies/${r.s.companyId}/accounts/${m.account}/transactions?partial=true`,
      { transactions: batch },
    )
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.body)}`)
    for (const t of batch) {
      const result = res.body.results.find((x) => x.id === t.id)?.result
      if (result === 'recorded') m.txns.push({ t, status: t.status })
    }
  }
  toString = () => `Ingest(${this.count} dated -${this.back}d, every ${this.pendingEvery}th pending)`
}

/** The bank clears (or voids) the `pick`-th pending transaction. */
export class Settle implements Cmd {
  constructor(
    readonly pick: number,
    readonly how: 'clear' | 'void',
  ) {}
  check = (m: Readonly<PipelineModel>) => m.txns.some((x) => x.status === 'pending')
  async run(m: PipelineModel, r: PipelineReal): Promise<void> {
    const pending = m.txns.filter((x) => x.status === 'pending')
    const target = pending[this.pick % pending.length]
    if (target === undefined) return
    const res =
      this.how === 'clear' ? await r.s.clear(m.account, target.t.id) : await r.s.void(m.account, target.t.id)
    if (res.status >= 500) throw new Error(`${this.how} answered ${res.status}`)
    if (res.status === 200) target.status = this.how === 'clear' ? 'cleared' : 'voided'
  }
  toString = () => `Settle(${this.pick}, ${this.how})`
}

/** Time passes (the simulator's clock, which the server follows). */
export class Advance implements Cmd {
  constructor(readonly hours: number) {}
  check = () => true
  async run(_m: PipelineModel, r: PipelineReal): Promise<void> {
    await r.s.advance(`PT${this.hours}H`)
  }
  toString = () => `Advance(${this.hours}h)`
}

/** "Sync now". */
export class Sync implements Cmd {
  check = () => true
  async run(m: PipelineModel, r: PipelineReal): Promise<void> {
    const res = await r.s.sync(m.account)
    if (res.status !== 200 && res.status !== 409) throw new Error(`sync answered ${res.status}`)
  }
  toString = () => 'Sync'
}

/** The ledger's pull (QBO's "Update", Sage's refresh; Xero's view); at every pull no line may be there twice. */
export class Pull implements Cmd {
  check = () => true
  async run(_m: PipelineModel, r: PipelineReal): Promise<void> {
    const view = await r.s.pull()
    const ids = (view[0]?.lines ?? []).filter((l) => !l.isTest).map((l) => l.id)
    if (new Set(ids).size !== ids.length)
      throw new Error(`${r.s.platform.label} shows a line twice: ${ids.join(',')}`)
  }
  toString = () => 'Pull'
}
