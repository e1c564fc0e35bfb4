import { decimalToNumber } from '../../kernel/decimal.js'
import type { ListQuery } from '../../kernel/paging.js'
import type { Ctx, SimResponse } from '../context.js'
import { ok } from '../context.js'
import { codatError } from '../errors.js'
import { emit } from '../events.js'
import { platformOf } from '../platform-of.js'
import type { ConnectionRec, ParsedLine, PushOpRec, SourceAccountRec } from '../state.js'
import { parseCreateRequest } from './parse-transactions.js'
import { processOperation } from './process-operation.js'
import { renderPushOperation } from './push-operation-view.js'

function parseTimeout(ctx: Ctx, v: string | undefined): number | null {
  if (v === undefined || v === '') return null
  if (!/^\d+$/.test(v) || Number(v) > 2_147_483_647) {
    throw codatError(ctx, 400, 'timeoutInMinutes must be a non-negative integer.')
  }
  return Number(v)
}

/** `BankTransactions` item properties the document does not declare nullable: a null sent is not echoed. */
const NOT_NULLABLE = ['id', 'date', 'amount', 'balance']

/**
 * The request body as echoed in `data`, with amounts and balances as JSON numbers; a `null` the client sent
 * for a property the document does not declare nullable is left out (absent, not null).
 */
function echo(body: unknown, lines: ParsedLine[]): unknown {
  const b = body as { accountId: string; transactions: Record<string, unknown>[] }
  return {
    ...b,
    transactions: b.transactions.map((t, i) => {
      const l = lines[i]
      const out: Record<string, unknown> = { ...t }
      for (const k of NOT_NULLABLE) if (out[k] === null) delete out[k]
      if (l?.amount !== null && l?.amount !== undefined) out.amount = decimalToNumber(l.amount)
      if (l?.balance !== null && l?.balance !== undefined) out.balance = decimalToNumber(l.balance)
      return out
    }),
  }
}

/** POST .../push/bankAccounts/{accountId}/bankTransactions: HTTP 200 with a Pending operation (§7). */
export function createBankTransactions(
  ctx: Ctx,
  conn: ConnectionRec,
  account: SourceAccountRec,
  query: ListQuery,
  body: unknown,
  stuck = false,
): SimResponse {
  const timeout = parseTimeout(ctx, query.timeoutInMinutes)
  const platform = platformOf(ctx, conn)
  const lines = parseCreateRequest(
    ctx,
    account.id,
    body,
    platform.requiredLineFields,
    platform.requiredLineFieldsRule,
  )
  const op: PushOpRec = {
    key: ctx.rng.uuid(),
    companyId: conn.companyId,
    connectionId: conn.id,
    accountId: account.id,
    requestedOn: ctx.now,
    dueAt: ctx.now + (platform.pushLatencyMs?.(ctx) ?? ctx.opts.pushLatencyMs),
    timeoutInMinutes: timeout,
    status: 'Pending',
    statusCode: 202,
    completedOn: null,
    errorMessage: null,
    validation: null,
    changes: null,
    lines,
    processed: false,
  }
  ctx.state.operations[op.key] = op
  ctx.state.pendingOps.push(op.key)
  emit(ctx.state, ctx.now, 'PushRequested', {
    companyId: op.companyId,
    connectionId: op.connectionId,
    accountId: op.accountId,
    pushOperationKey: op.key,
    lines: lines.length,
  })
  // A `stuck` fault (S22): the operation stays Pending until forced or timed out (`timeoutInMinutes`).
  if (stuck) op.dueAt = Number.MAX_SAFE_INTEGER
  platform.pushCreated?.(ctx, conn, account, op)
  if (op.dueAt <= ctx.now) processOperation(ctx, op)
  return ok(200, renderPushOperation(op, echo(body, lines)))
}
