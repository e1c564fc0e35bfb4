import type fc from 'fast-check'
import type { FeedScenario } from '../support/feed-scenario.js'
import { act, report } from '../support/reconciliation.js'
import type { PipelineModel, PipelineReal } from './commands.js'

type Cmd = fc.AsyncCommand<PipelineModel, PipelineReal>

/** The real system, restartable: `s` drives whichever server is up. */
export interface RestartableReal extends PipelineReal {
  /** A fresh server process on the same database (state caches gone, worker state gone). */
  restart(): Promise<void>
  readonly scenario: FeedScenario
}

/** One fault on Codat's push or on following it (`/_sim/faults`), firing on the next calls. */
export class Fault implements Cmd {
  constructor(readonly fault: Record<string, unknown>) {}
  check = () => true
  async run(_m: PipelineModel, r: PipelineReal): Promise<void> {
    await r.s.fault(this.fault)
  }
  toString = () => `Fault(${JSON.stringify(this.fault)})`
}

/** The server restarts on the same database. */
export class Restart implements Cmd {
  check = () => true
  async run(_m: PipelineModel, r: PipelineReal): Promise<void> {
    await (r as RestartableReal).restart()
  }
  toString = () => 'Restart'
}

/** The operator acts on the `pick`-th report item that offers `action` (none: nothing). */
export class Act implements Cmd {
  constructor(
    readonly pick: number,
    readonly action: 'redate' | 'dismiss' | 'accept_balance',
  ) {}
  check = () => true
  async run(m: PipelineModel, r: PipelineReal): Promise<void> {
    const items = (await report(r.s, m.account)).items.filter((i) => i.actions.includes(this.action))
    const item = items[this.pick % Math.max(1, items.length)]
    if (item === undefined) return
    const path = this.action === 'accept_balance' ? 'accept-balance' : this.action
    try {
      await act(r.s, m.account, item.transactionId, path, `model: ${this.action}`)
    } catch (error) {
      // The line may have moved on meanwhile (pushed by a worker): a 409 is an answer, not a failure.
      if (!String(error).includes('HTTP 409')) throw error
    }
  }
  toString = () => `Act(${this.pick}, ${this.action})`
}
