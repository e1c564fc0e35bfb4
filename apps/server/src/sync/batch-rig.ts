// Test support for the batch machine's tests: the machine over stub ports (no Codat, no store).
import type { CreateBankTransactionsRequest, PushOperation } from '@feedsync/codat-client'
import { type AccountState, type Batch, type Command, initialState } from '@feedsync/core'
import type { Company } from '../companies/repository.js'
import { type BatchContext, stepBatch } from './batch-machine.js'
import type { BatchPhase } from './batch-phase.js'

export const PLANNED_AT = '2026-11-25T09:00:00.000Z'
export const company: Company = {
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

export function stateWith(status: Batch['status'], pushOperationKey?: string): AccountState {
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

export const operation = (status: PushOperation['status'], key = 'op-1'): PushOperation => ({
  companyId: 'co-1',
  pushOperationKey: key,
  dataConnectionKey: 'conn-1',
  requestedOnUtc: PLANNED_AT,
  status,
  statusCode: status === 'Pending' ? 202 : 200,
  changes: status === 'Pending' ? null : [{ type: 'Created', recordRef: { id: 't1' } }],
})

/** The machine over stub ports: what it called, appended and read from the clock. */
export function rig(options: {
  state: AccountState
  now?: string
  windowMs?: number
  create?: (r: CreateBankTransactionsRequest) => Promise<PushOperation>
  get?: () => Promise<PushOperation>
  operations?: PushOperation[]
  settings?: Partial<BatchContext['settings']>
  /** Called with each pause the machine asks for (the fake Codat's time moves on by it). */
  onSleep?: (ms: number) => void
}) {
  const calls: string[] = []
  const sent: CreateBankTransactionsRequest[] = []
  const applied: Command[] = []
  let clockReads = 0
  let proofs = 0
  const sleeps: number[] = []
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
      linkProved: () => {
        proofs++
      },
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
        pollFirstMs: 0,
        pollIntervalMs: 0,
        pollMaxIntervalMs: 0,
        ...options.settings,
      },
      metrics: { batchesPushed: counter, batchesSucceeded: counter, pushFailures: counter },
      log: { info: () => {}, warn: () => {} },
      sleep: async (ms) => {
        sleeps.push(ms)
        options.onSleep?.(ms)
      },
    }
  }
  return {
    calls,
    sent,
    applied,
    clockReads: () => clockReads,
    /** How many pushes the machine took as link evidence (Codat answered Success). */
    proofs: () => proofs,
    /** The pauses asked for, in order. */
    sleeps: () => sleeps,
    /** One step, with a fresh step clock (as the account sync gives each step). */
    step: (phase: BatchPhase) => stepBatch(phase, ctx()),
  }
}
