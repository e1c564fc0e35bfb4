import { isoInstant } from '../../kernel/dates.js'
import type { PushOpRec } from '../state.js'

/** A PushOperation; `data` (the create response's echo of the request) is given only for the create call. */
export function renderPushOperation(op: PushOpRec, data?: unknown) {
  const out: Record<string, unknown> = {}
  if (data !== undefined) out.data = data
  out.changes = op.changes
  out.dataType = 'bankTransactions'
  out.companyId = op.companyId
  out.pushOperationKey = op.key
  out.dataConnectionKey = op.connectionId
  out.requestedOnUtc = isoInstant(op.requestedOn)
  if (op.completedOn !== null) out.completedOnUtc = isoInstant(op.completedOn)
  out.timeoutInMinutes = op.timeoutInMinutes
  out.timeoutInSeconds = op.timeoutInMinutes === null ? null : op.timeoutInMinutes * 60
  out.status = op.status
  out.errorMessage = op.errorMessage
  out.validation = op.validation ?? { errors: [], warnings: [] }
  out.statusCode = op.statusCode
  return out
}
