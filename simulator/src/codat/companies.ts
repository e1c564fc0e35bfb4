import { isObject } from '../kernel/objects.js'
import type { ListQuery } from '../kernel/paging.js'
import { renderCompany } from './company-view.js'
import type { Ctx, SimResponse } from './context.js'
import { ok } from './context.js'
import { invalidRequest, type Problem } from './errors.js'
import { emit } from './events.js'
import { listPage } from './list-page.js'
import type { CompanyRec } from './state.js'

const COMPANY_FIELDS = ['id', 'name', 'description', 'redirect', 'lastSync', 'created', 'createdByUserName']

/** Characters outside `^[A-Za-z0-9\s\-',&@.,?!\s]+$` are stripped (BEHAVIOUR §4.1). */
export function stripCompanyName(name: string): string {
  return name.replace(/[^A-Za-z0-9\s\-',&@.?!]/g, '')
}

interface CompanyBody {
  name?: string
  description?: string | null
  tags?: Record<string, string>
}

function readBody(ctx: Ctx, body: unknown, mode: 'create' | 'replace' | 'update'): CompanyBody {
  const problems: Problem[] = []
  if (!isObject(body)) throw invalidBody(ctx, [{ itemId: null, message: 'A JSON object is required.' }])
  const out: CompanyBody = {}
  if (body.name !== undefined && body.name !== null) {
    if (typeof body.name !== 'string') problems.push({ itemId: 'name', message: 'name must be a string.' })
    else {
      out.name = stripCompanyName(body.name)
      if (out.name.trim().length === 0)
        problems.push({ itemId: 'name', message: 'name must contain allowed characters.' })
    }
  } else if (mode !== 'update') problems.push({ itemId: 'name', message: 'name is required.' })
  if (body.description !== undefined) {
    if (body.description !== null && typeof body.description !== 'string') {
      problems.push({ itemId: 'description', message: 'description must be a string.' })
    } else if (!(mode === 'update' && body.description === null)) out.description = body.description
  }
  if (body.tags !== undefined && body.tags !== null) {
    const tags = body.tags
    if (!isObject(tags)) problems.push({ itemId: 'tags', message: 'tags must be an object.' })
    else {
      const entries = Object.entries(tags)
      if (entries.length > 10) problems.push({ itemId: 'tags', message: 'At most 10 tags are allowed.' })
      for (const [k, v] of entries) {
        if (k.length < 1 || k.length > 27)
          problems.push({ itemId: `tags.${k}`, message: 'Tag keys are 1-27 characters.' })
        if (typeof v !== 'string' || v.length > 100) {
          problems.push({ itemId: `tags.${k}`, message: 'Tag values are strings of at most 100 characters.' })
        }
      }
      out.tags = tags as Record<string, string>
    }
  }
  if (problems.length) throw invalidBody(ctx, problems)
  return out
}

function invalidBody(ctx: Ctx, problems: Problem[]) {
  return invalidRequest(ctx, 'CompanyRequestBody', problems)
}

/** POST /companies (BEHAVIOUR §4.1). */
export function createCompany(ctx: Ctx, tenant: string, body: unknown): SimResponse {
  if (!isObject(body)) throw invalidBody(ctx, [{ itemId: null, message: 'A JSON object is required.' }])
  const b = readBody(ctx, body, 'create')
  const id = ctx.rng.uuid()
  const company = {
    id,
    tenant,
    name: b.name ?? '',
    description: b.description ?? null,
    tags: b.tags ?? {},
    created: ctx.now,
    connections: {},
  }
  ctx.state.companies[id] = company
  emit(ctx.state, ctx.now, 'CompanyCreated', { companyId: id, name: company.name })
  return ok(200, renderCompany(ctx, company))
}

/** GET /companies: the tenant's companies, `tags` filtered, paged. */
export function listCompanies(ctx: Ctx, tenant: string, q: ListQuery): SimResponse {
  let items = Object.values(ctx.state.companies).filter((c) => c.tenant === tenant)
  if (q.tags) {
    const want = q.tags
    items = items.filter((c) =>
      want.split('&&').every((clause) => {
        const [k, v] = clause.split('=').map((s) => s.trim())
        return k !== undefined && c.tags[k] === v
      }),
    )
  }
  const rendered = items.map((c) => renderCompany(ctx, c))
  return listPage(
    ctx,
    rendered,
    { typeName: 'Company', fields: COMPANY_FIELDS, nested: ['tags', 'dataConnections'], bareAsTag: true },
    '/companies',
    q,
  )
}

/** GET /companies/{companyId}. */
export function getCompany(ctx: Ctx, c: CompanyRec): SimResponse {
  return ok(200, renderCompany(ctx, c))
}

/** PUT /companies/{companyId}: name required, description and tags replaced. */
export function replaceCompany(ctx: Ctx, c: CompanyRec, body: unknown): SimResponse {
  if (!isObject(body)) throw invalidBody(ctx, [{ itemId: null, message: 'A JSON object is required.' }])
  const b = readBody(ctx, body, 'replace')
  c.name = b.name ?? c.name
  c.description = b.description ?? null
  c.tags = b.tags ?? {}
  emit(ctx.state, ctx.now, 'CompanyUpdated', { companyId: c.id })
  return ok(200, renderCompany(ctx, c))
}

/** PATCH /companies/{companyId}: only the fields given change. */
export function updateCompany(ctx: Ctx, c: CompanyRec, body: unknown): SimResponse {
  if (!isObject(body)) throw invalidBody(ctx, [{ itemId: null, message: 'A JSON object is required.' }])
  const b = readBody(ctx, body, 'update')
  if (b.name !== undefined) c.name = b.name
  if (b.description !== undefined) c.description = b.description
  if (b.tags !== undefined) c.tags = b.tags
  emit(ctx.state, ctx.now, 'CompanyUpdated', { companyId: c.id })
  return ok(200, renderCompany(ctx, c))
}

/** DELETE /companies/{companyId}. */
export function deleteCompany(ctx: Ctx, c: CompanyRec): SimResponse {
  delete ctx.state.companies[c.id]
  emit(ctx.state, ctx.now, 'CompanyDeleted', { companyId: c.id })
  return ok(204)
}

/** GET /companies/{companyId}/accessToken. */
export function getAccessToken(ctx: Ctx): SimResponse {
  return ok(200, { expiresIn: 86400, accessToken: ctx.rng.hex(64), tokenType: 'Bearer' })
}
