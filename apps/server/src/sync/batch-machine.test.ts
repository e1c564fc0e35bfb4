import {
  CodatApiError,
  CodatNetworkError,
  type CreateBankTransactionsRequest,
  type PushOperation,
} from '@feedsync/codat-client'
import { type AccountState, type Batch, type Command, initialState } from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import type { Company } from '../companies/repository.js'
import { type BatchContext, pollDelayMs, stepBatch } from './batch-machine.js'
import { type BatchPhase, phaseOf } from './batch-phase.js'

const PLANNED_AT = '2026-11-25T09:00:00.000Z'
const company: Company = {
  companyId: 'co-1',
  tenant: 'tenant',
  name: 'Bakery',
  description: null,
  platform: 'qbo',
  codatCompanyId: 'co-1',
  connectionId: 'conn-1',
  linkUrl: 'https://link',
  accounts: [],
  onboardedAt: PLANNED_AT,
  credentialsIssued: 0,
}

function stateWith(status: Batch['status'], pushOperationKey?: string): AccountState {
  const batch: Batch = {
    id: 'b1',
    lines: [{ transactionId: 't1', date: '2026-11-24', amount: '-3.50', balance: '96.50' }],
    plannedAt: PLANNED_AT,
    status,
    pushOperationKey,
    completedAt: undefined,
    message: undefined,
    rejections: [],
  }
  return { ...initialState(), batches: new Map([['b1', batch]]), inFlight: 'b1' }
}

const operation = (status: PushOperation['status'], key = 'op-1'): PushOperation => ({
  companyId: 'co-1',
  pushOperationKey: key,
  dataConnectionKey: 'conn-1',
  requestedOnUtc: PLANNED_AT,
  status,
  statusCode: status === 'Pending' ? 202 : 200,
  changes: status === 'Pending' ? null : [{ type: 'Created', recordRef: { id: 't1' } }],
})

/** The machine over stub ports: what it called, appended and read from the clock. */
function rig(options: {
  state: AccountState
  now?: string
  windowMs?: number
  create?: (r: CreateBankTransactionsRequest) => Promise<PushOperation>
  get?: () => Promise<PushOperation>
  operations?: PushOperation[]
}) {
  const calls: string[] = []
  const sent: CreateBankTransactionsRequest[] = []
  const applied: Command[] = []
  let clockReads = 0
  let sleeps = 0
  const loaded = { stream: 'account:co-1:acc-1', state: options.state }
  const counter = { inc: () => {} }
  const ctx = (): BatchContext => {
    let at: Promise<string> | undefined
    return {
      loaded,
      company,
      accountId: 'acc-1',
      now: () => {
        at ??= (async () => {
          clockReads++
          return options.now ?? PLANNED_AT
        })()
        return at
      },
      apply: async (command) => {
        applied.push(command)
        return 1
      },
      linkLost: async () => false,
      codat: {
        transactions: {
          create: async (r) => {
            calls.push('create')
            sent.push(r)
            return (options.create ?? (async () => operation('Pending')))(r)
          },
          getCreateOperation: async () => {
            calls.push('get')
            return (options.get ?? (async () => operation('Success')))()
          },
          listCreateOperations: async () => {
            calls.push('list')
            const results = options.operations ?? []
            return {
              results,
              pageNumber: 1,
              pageSize: 500,
              totalResults: results.length,
              _links: { self: {}, current: {} },
            }
          },
        },
      },
      settings: {
        idempotencyWindowMs: options.windowMs ?? 85 * 60_000,
        maxPolls: 3,
        pollIntervalMs: 0,
        pollMaxIntervalMs: 0,
      },
      metrics: { batchesPushed: counter, batchesSucceeded: counter, pushFailures: counter },
      log: { info: () => {}, warn: () => {} },
      sleep: async () => {
        sleeps++
      },
    }
  }
  return {
    calls,
    sent,
    applied,
    clockReads: () => clockReads,
    sleeps: () => sleeps,
    /** One step, with a fresh step clock (as the account sync gives each step). */
    step: (phase: BatchPhase) => stepBatch(phase, ctx()),
  }
}

const TWO_HOURS_LATER = '2026-11-25T11:00:00.000Z'

describe('one batch through the machine', () => {
  it('given a fresh batch, pushes it with the batch id as Idempotency-Key and never retries an unknown outcome in the client', async () => {
    const r = rig({ state: stateWith('planned'), windowMs: 0 })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: true }))
    expect(r.calls).toEqual(['create'])
    expect(r.sent[0]).toMatchObject({ idempotencyKey: 'b1', retryUnknownOutcome: false })
    expect(r.applied).toEqual([
      { type: 'SubmitBatch', batchId: 'b1', pushOperationKey: 'op-1', at: PLANNED_AT },
    ])
    expect(next).toMatchObject({ status: 'submitted', pushOperationKey: 'op-1', polls: 0 })
  })

  it('given a recovered batch inside the idempotency window on our clock, re-sends it with the same key', async () => {
    const r = rig({ state: stateWith('planned'), now: '2026-11-25T10:00:00.000Z' })
    await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(r.calls).toEqual(['create'])
    expect(r.sent[0]?.idempotencyKey).toBe('b1')
  })

  it('given a recovered batch past the window and a Pending candidate at Codat, stays open without pushing or appending', async () => {
    const r = rig({
      state: stateWith('planned'),
      now: TWO_HOURS_LATER,
      operations: [operation('Pending', 'op-9')],
    })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(r.calls).toEqual(['list'])
    expect(r.applied).toEqual([])
    expect(next).toMatchObject({ status: 'open', reason: 'undecided' })
  })

  it('given a recovered batch past the window found among the operations, submits it under that key, then follows it', async () => {
    const r = rig({
      state: stateWith('planned'),
      now: TWO_HOURS_LATER,
      operations: [operation('Success', 'op-9')],
    })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(r.applied).toEqual([
      { type: 'SubmitBatch', batchId: 'b1', pushOperationKey: 'op-9', at: TWO_HOURS_LATER },
    ])
    expect(next).toMatchObject({ status: 'submitted', pushOperationKey: 'op-9' })
    expect(await r.step(next)).toMatchObject({ status: 'outcome', outcome: 'succeeded' })
    expect(r.calls).toEqual(['list', 'get'])
  })

  it('given a recovered batch past the window that never landed, records it failed with no rejection (lost), so its lines are re-planned', async () => {
    const r = rig({ state: stateWith('planned'), now: TWO_HOURS_LATER })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(next).toMatchObject({ status: 'outcome', outcome: 'lost' })
    expect(r.applied).toMatchObject([{ type: 'RecordBatchFailed', batchId: 'b1', rejections: [] }])
    expect(r.calls).toEqual(['list'])
  })

  it('given a push whose outcome is unknown (network), leaves the intent open and appends nothing', async () => {
    const r = rig({
      state: stateWith('planned'),
      create: async () => {
        throw new CodatNetworkError(
          { operation: 'transactions.create', method: 'POST', path: '/x', attempts: 1 },
          'reset',
        )
      },
    })
    expect(await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: true }))).toMatchObject({
      status: 'open',
      reason: 'unconfirmed',
    })
    expect(r.applied).toEqual([])
  })

  it('given a push Codat refuses (400), records the batch failed with the named lines rejected', async () => {
    const r = rig({
      state: stateWith('planned'),
      create: async () => {
        throw new CodatApiError(
          { operation: 'transactions.create', method: 'POST', path: '/x', attempts: 1 },
          400,
          {
            statusCode: 400,
            service: 'PushApi',
            error: 'Validation failed',
            validation: { errors: [{ itemId: 't1', message: 'Bad description', validatorName: 'qbo' }] },
          },
        )
      },
    })
    expect(await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: true }))).toMatchObject({
      status: 'outcome',
      outcome: 'failed',
    })
    expect(r.applied).toMatchObject([
      { type: 'RecordBatchFailed', rejections: [{ transactionId: 't1', final: true }] },
    ])
  })

  it('given a submitted batch still Pending, reads it maxPolls times with a pause between reads, then leaves it open', async () => {
    const r = rig({ state: stateWith('submitted', 'op-1'), get: async () => operation('Pending') })
    let phase = phaseOf(stateWith('submitted', 'op-1'), 'b1', { fresh: false })
    for (let i = 0; i < 3; i++) phase = await r.step(phase)
    expect(phase).toMatchObject({ status: 'open', reason: 'pending' })
    expect(r.calls).toEqual(['get', 'get', 'get'])
    expect(r.sleeps()).toBe(2)
    expect(r.applied).toEqual([])
    expect(r.clockReads()).toBe(0) // nothing decided, so no clock read
  })

  it('reads the clock at most once per step', async () => {
    const r = rig({
      state: stateWith('planned'),
      now: TWO_HOURS_LATER,
      operations: [operation('Success', 'op-9')],
    })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false })) // window check + SubmitBatch
    expect(r.clockReads()).toBe(1)
    await r.step(next) // poll + RecordBatchSucceeded
    expect(r.clockReads()).toBe(2)
  })
})

describe('pollDelayMs', () => {
  it('widens the pause between reads of a Pending operation, doubling up to the maximum', () => {
    const settings = { pollIntervalMs: 1000, pollMaxIntervalMs: 10_000 }
    expect([1, 2, 3, 4, 5, 6, 30].map((n) => pollDelayMs(n, settings))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ])
    expect(pollDelayMs(1, { pollIntervalMs: 0, pollMaxIntervalMs: 10_000 })).toBe(0)
    // A maximum below the first pause never shortens it.
    expect(pollDelayMs(4, { pollIntervalMs: 500, pollMaxIntervalMs: 100 })).toBe(500)
  })
})
