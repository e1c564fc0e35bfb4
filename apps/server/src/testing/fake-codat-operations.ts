// Test support for `FakeCodat`: its Idempotency-Key replays and how a push operation completes.
import type {
  BankTransaction,
  PushOperation,
  PushOperationStatus,
  SourceAccountV2,
} from '@feedsync/codat-client'
import { CodatApiError } from '@feedsync/codat-client'

/** A line Codat holds for a source account, with the operation that stored it. */
export interface StoredLine {
  readonly operationKey: string
  readonly line: BankTransaction
}

/** A push operation and what it carries. */
export interface Op {
  op: PushOperation
  accountId: string
  lines: BankTransaction[]
}

/** How a test decides the end of each new push operation (line errors for `Failed`). */
export type PushOutcome = (lines: BankTransaction[]) => {
  status: PushOperationStatus
  errors?: { itemId: string; message: string }[]
}

/** A port method the fake does not implement: calling it fails the test loudly. */
export const unsupported = (name: string) => async (): Promise<never> => {
  throw new Error(`fake Codat: ${name} is not implemented`)
}

/** Codat's 404 for a missing company, connection or operation. */
export function notFound(operation: string, path: string, what: string): CodatApiError {
  return new CodatApiError({ operation, method: 'GET', path, attempts: 1 }, 404, {
    statusCode: 404,
    service: 'PublicApi',
    error: what,
  })
}

/** Idempotency-Key replays, as Codat keeps them: the same key and body answer the first reply again. */
export class Replays {
  private readonly replies = new Map<string, { body: string; reply: unknown }>()

  /** Runs `run` once per key; a repeat answers a copy of its reply, another body under the key is a 422. */
  async run<T>(key: string | undefined, body: unknown, run: () => T): Promise<T> {
    if (key === undefined) return run()
    const text = JSON.stringify(body)
    const seen = this.replies.get(key)
    if (seen !== undefined) {
      if (seen.body !== text) {
        throw new CodatApiError({ operation: 'idem', method: 'POST', path: '/', attempts: 1 }, 422, {
          statusCode: 422,
          error: 'Idempotency key reused with a different body',
        })
      }
      return structuredClone(seen.reply) as T
    }
    const reply = run()
    this.replies.set(key, { body: text, reply: structuredClone(reply) })
    return reply
  }
}

/**
 * Ends a Pending operation: Failed for every line when its source account is not connected, else as
 * `outcome` says. A success stores its lines (`stored`, per account) and names what it wrote.
 */
export function completeOperation(
  o: Op,
  ctx: {
    readonly account: SourceAccountV2 | undefined
    readonly outcome: PushOutcome
    /** Epoch ms of the completion. */
    readonly now: number
    /** What `changes[].recordRef.id` holds: each line id, or the source account id. */
    readonly recordRef: 'line' | 'account'
    readonly stored: Map<string, StoredLine[]>
  },
): void {
  if (o.op.status !== 'Pending') return
  const outcome =
    ctx.account?.status !== 'connected'
      ? {
          status: 'Failed' as const,
          errors: o.lines.map((l) => ({
            itemId: l.id ?? '',
            message: 'The bank feed account is not connected.',
          })),
        }
      : ctx.outcome(o.lines)
  o.op.status = outcome.status
  o.op.completedOnUtc = new Date(ctx.now).toISOString()
  if (outcome.status === 'Success') {
    o.op.statusCode = 200
    // Like Codat, an operation names what it wrote only once it has completed.
    o.op.changes =
      ctx.recordRef === 'account'
        ? [{ type: 'Created', recordRef: { id: o.accountId, dataType: 'bankTransactions' } }]
        : o.lines.map((l) => ({
            type: 'Created',
            recordRef: { id: l.id ?? '', dataType: 'bankTransactions' },
          }))
    const list = ctx.stored.get(o.accountId) ?? []
    for (const line of o.lines) list.push({ operationKey: o.op.pushOperationKey, line })
    ctx.stored.set(o.accountId, list)
  } else if (outcome.status === 'Failed') {
    o.op.statusCode = 400
    o.op.errorMessage = 'Push failed for bankTransactions: see validation for more information'
    o.op.validation = {
      errors: (outcome.errors ?? []).map((e) => ({ ...e, validatorName: 'BankTransactions' })),
      warnings: [],
    }
  }
}
