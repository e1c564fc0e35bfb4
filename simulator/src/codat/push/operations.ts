import type { ListQuery } from '../../kernel/paging.js'
import type { Ctx, SimResponse } from '../context.js'
import { ok } from '../context.js'
import { codatError } from '../errors.js'
import { listPage } from '../list-page.js'
import type { CompanyRec } from '../state.js'
import { renderPushOperation } from './push-operation-view.js'

const OPERATION_FIELDS = [
  'status',
  'dataType',
  'dataConnectionKey',
  'pushOperationKey',
  'requestedOnUtc',
  'completedOnUtc',
  'companyId',
  'statusCode',
  'timeoutInMinutes',
  'errorMessage',
]

/** GET /companies/{companyId}/push/{pushOperationKey}. */
export function getCreateOperation(ctx: Ctx, company: CompanyRec, key: string): SimResponse {
  const op = ctx.state.operations[key]
  if (!op || op.companyId !== company.id) throw codatError(ctx, 404, `Push operation ${key} not found`)
  return ok(200, renderPushOperation(op))
}

/** GET /companies/{companyId}/push: the company's operations in request order, paged. */
export function listCreateOperations(ctx: Ctx, company: CompanyRec, q: ListQuery): SimResponse {
  const items = Object.values(ctx.state.operations)
    .filter((op) => op.companyId === company.id)
    .map((op) => renderPushOperation(op))
  return listPage(
    ctx,
    items,
    { typeName: 'PushOperation', fields: OPERATION_FIELDS, nested: ['validation', 'changes'] },
    `/companies/${company.id}/push`,
    q,
  )
}
