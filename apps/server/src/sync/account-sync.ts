import { randomUUID } from 'node:crypto'
import type { CodatBankFeedsPort } from '@feedsync/codat-client'
import { type Command, newQuarantines, type Plan, planBatches } from '@feedsync/core'
import type { FastifyBaseLogger } from 'fastify'
import { accountFigures } from '../accounts/reconciliation-figures.js'
import type { AccountRepository, LoadedAccount } from '../accounts/repository.js'
import type { Clock } from '../clock.js'
import type { Company } from '../companies/repository.js'
import type { Metrics } from '../metrics.js'
import { applyCommand } from './apply.js'
import { type BatchContext, stepBatch } from './batch-machine.js'
import { type BatchPhase, isSettled, phaseOf } from './batch-phase.js'
import type { Lease } from './lease.js'
import { type LinkWatch, linkChange, type Sources } from './link-watch.js'
import type { PushHints } from './push-hints.js'
import type { SyncSettings } from './settings.js'

/** Batches planned at most in one account's sync. */
export const MAX_ROUNDS = 50

/** What one account's sync uses. */
export interface AccountSyncPorts {
  readonly clock: Clock
  readonly codat: Pick<CodatBankFeedsPort, 'transactions'>
  readonly accounts: Pick<AccountRepository, 'append' | 'reload' | 'settledOf'>
  readonly links: Pick<LinkWatch, 'lost' | 'remember' | 'proved'>
  readonly settings: SyncSettings
  readonly metrics: Metrics
  readonly log: FastifyBaseLogger
  readonly sleep: (ms: number) => Promise<void>
  /** Webhooks on: what they told about push operations (see `PushHints`). */
  readonly hints?: PushHints
}

/** One account to sync, its state borrowed and its lease held by the caller. */
export interface AccountSyncInput {
  readonly loaded: LoadedAccount
  readonly company: Company
  readonly accountId: string
  /** Codat's source accounts to learn the link from; `null`: not read this time. */
  readonly sources: Sources | null
  readonly lease: Lease
}

/** What one account's sync did. */
export interface AccountSyncReport {
  /** `stuck`: a batch is still open (retried next cycle). */
  readonly status: 'done' | 'stuck'
  readonly batchesPushed: number
  /** Batches found open (after a crash or an unconfirmed push) that got their outcome. */
  readonly reconciled: number
  /** Lines ready but not pushed when the sync ended (0 when stuck). */
  readonly ready: number
  /** The plan over the state the sync ended with: the one the sync computed, or computed once now. */
  readonly plan: () => Promise<Plan>
  /** The last step's clock (read at most once): the instant the next due time counts from. */
  readonly at: () => Promise<string>
}

/** The step's clock: read on first use, at most once. */
function clockOnce(clock: Clock): () => Promise<string> {
  let at: Promise<string> | undefined
  return () => {
    at ??= clock.now()
    return at
  }
}

/**
 * Syncs one account: learns its link from `sources`, then runs ONE status-driven loop over its
 * batches. A batch found open (the recovery path) and a batch just planned (the main path) go
 * through the same state machine (`stepBatch`): planned → submitted → outcome. With no batch open,
 * a step plans: the intent (`BatchPlanned`, batch id = Idempotency-Key) is appended at the expected
 * version BEFORE any call to Codat. Before every step the lease is renewed (lost: the
 * sync stops); each step reads the clock at most once. A batch left `open` ends the sync `stuck`.
 *
 * @example
 * const report = await syncAccountLeased({ loaded, company, accountId, sources, lease }, ports)
 */
export async function syncAccountLeased(
  input: AccountSyncInput,
  ports: AccountSyncPorts,
): Promise<AccountSyncReport> {
  const { loaded, company, accountId, sources, lease } = input
  const { clock, settings } = ports
  const apply = (command: Command) => applyCommand(ports, loaded, command)

  const change = sources === null ? undefined : linkChange(sources.get(accountId), loaded.state)
  if (change !== undefined) {
    const at = await clock.now()
    await apply(
      change.type === 'LinkFeed'
        ? { type: 'LinkFeed', feedStartDate: change.feedStartDate ?? at.slice(0, 10), at }
        : { ...change, at },
    )
  }
  ports.links.remember(company, accountId, loaded.state.feed.status === 'linked')

  let now = clockOnce(clock) // a fresh one per step
  let finalPlan: Plan | undefined
  const planOnce = async (): Promise<Plan> => {
    finalPlan ??= planBatches(loaded.state, await now(), settings.limits)
    return finalPlan
  }
  let pushed = 0
  let reconciled = 0
  const end = async (status: 'done' | 'stuck'): Promise<AccountSyncReport> => {
    const plan = status === 'done' ? await planOnce() : undefined
    const ready = plan?.batches.reduce((n, b) => n + b.lines.length, 0) ?? 0
    if (plan !== undefined)
      ports.metrics.observeAccount(loaded.stream, accountFigures(loaded.state, plan, await now()))
    return { status, batchesPushed: pushed, reconciled, ready, plan: planOnce, at: now }
  }

  const inFlight = loaded.state.inFlight
  let phase: BatchPhase | undefined =
    inFlight === undefined ? undefined : phaseOf(loaded.state, inFlight, { fresh: false })
  for (let rounds = 0; ; ) {
    now = clockOnce(clock)
    if (!(await lease.renew())) return end(phase === undefined || isSettled(phase) ? 'done' : 'stuck')
    if (phase === undefined || phase.status === 'outcome') {
      // The plan step: nothing open.
      if (rounds++ >= MAX_ROUNDS) return end('done')
      const at = await now()
      const plan = planBatches(loaded.state, at, settings.limits)
      if (plan.batches[0] === undefined) {
        // Nothing to push: record the first reason of each line a date rule newly quarantines.
        if (newQuarantines(loaded.state, plan).length > 0)
          await apply({ type: 'RecordQuarantines', now: at, limits: settings.limits })
        finalPlan = plan
        return end('done')
      }
      const batchId = randomUUID()
      if ((await apply({ type: 'PlanBatch', batchId, now: at, limits: settings.limits })) === 0) {
        return end('done') // refused, or the stream moved and nothing is left to plan
      }
      pushed++
      phase = phaseOf(loaded.state, batchId, { fresh: true })
      continue
    }
    phase = await stepBatch(phase, batchContext(input, ports, now, apply))
    if (phase.status === 'open') return end('stuck')
    if (phase.status !== 'outcome') continue
    if (!phase.fresh) {
      reconciled++
      continue
    }
    // A fresh batch that timed out, or failed without quarantining anything, would end the same way
    // at once: retried next cycle instead.
    const batch = loaded.state.batches.get(phase.batchId)
    if (
      batch?.status === 'timed_out' ||
      (batch?.status === 'failed' && !batch.rejections.some((r) => r.final))
    ) {
      return end('done')
    }
  }
}

function batchContext(
  input: AccountSyncInput,
  ports: AccountSyncPorts,
  now: () => Promise<string>,
  apply: (command: Command) => Promise<number>,
): BatchContext {
  const { loaded, company, accountId } = input
  return {
    loaded,
    company,
    accountId,
    now,
    apply,
    linkLost: () => ports.links.lost(company, accountId),
    linkProved: () => ports.links.proved(company, accountId),
    codat: ports.codat,
    settings: ports.settings,
    metrics: ports.metrics,
    log: ports.log,
    sleep: ports.sleep,
    ...(ports.hints === undefined ? {} : { hints: ports.hints }),
  }
}
