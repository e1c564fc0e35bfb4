import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type PagesKit, pageContext, seeOther, sendPage, setFlash, tenantOf } from '../context.js'
import { appPath, safeUrl } from '../html.js'
import { NOT_FOUND } from '../page-errors.js'
import { type CompanyDetail, PageError } from '../ports.js'
import { errorPage } from '../views/auth-views.js'
import { companyPage } from '../views/company-page.js'
import { CompanyParams } from './operator-routes.js'

const Form = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))
const AccountParams = Type.Object({
  companyId: Type.String({ minLength: 1, maxLength: 100 }),
  accountId: Type.String({ minLength: 1, maxLength: 200 }),
})

type FormBody = Readonly<Record<string, string | readonly string[]>>
const field = (body: FormBody, key: string): string => {
  const v = body[key]
  return (typeof v === 'string' ? v : (v?.[0] ?? '')).trim()
}

/**
 * The Xero and Sage hand-offs of the company page: "Connect to Xero" (a fresh single-use link per
 * click: a GET that redirects, so a form's `form-action 'self'` does not stand in the way), the
 * mapping form per Xero account, and Sage's one-time password (shown once). Registered only when
 * the linking ports are given.
 */
export const linkRoutes: FastifyPluginAsyncTypebox<{ kit: PagesKit }> = async (app, { kit }) => {
  const { xeroLink, sageHandOff, mapXeroAccount } = kit.ports
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, 404, errorPage(pageContext(request, reply, kit), NOT_FOUND))

  app.get(
    '/companies/:companyId/connect/xero',
    { config: { access: 'smb' }, schema: { hide: true, params: CompanyParams } },
    async (request, reply) => {
      const { companyId } = request.params
      const linkUrl = xeroLink === undefined ? undefined : await xeroLink(tenantOf(request), companyId)
      if (linkUrl === undefined) return notFound(request, reply)
      // Never the link itself: it lets whoever holds it connect the business's Xero.
      request.log.info({ companyId }, 'pages: Xero link handed out')
      return reply.header('cache-control', 'no-store').redirect(safeUrl(linkUrl), 303)
    },
  )

  app.post(
    '/companies/:companyId/sage-otp',
    { config: { access: 'smb' }, schema: { hide: true, params: CompanyParams, body: Form } },
    async (request, reply) => {
      const tenant = tenantOf(request)
      const { companyId } = request.params
      const sage = sageHandOff === undefined ? undefined : await sageHandOff(tenant, companyId)
      const company = sage === undefined ? undefined : await kit.ports.getCompany(tenant, companyId)
      if (sage === undefined || company === undefined) return notFound(request, reply)
      request.log.info({ companyId }, 'pages: Sage one-time password issued')
      return sendPage(reply, 200, companyPage(pageContext(request, reply, kit), company, { sage }))
    },
  )

  app.post(
    '/companies/:companyId/accounts/:accountId/mapping',
    { config: { access: 'smb' }, schema: { hide: true, params: AccountParams, body: Form } },
    async (request, reply) => {
      const tenant = tenantOf(request)
      const { companyId, accountId } = request.params
      const target = field(request.body, 'targetAccountId')
      const start = field(request.body, 'feedStartDate')
      const problem =
        target === '' || target.length > 200
          ? 'Choose the Xero account it feeds, or a new one.'
          : start !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(start)
            ? 'Enter the feed start date as a date, or leave it empty.'
            : undefined
      try {
        if (problem !== undefined) throw new PageError('invalid', problem)
        const done =
          mapXeroAccount !== undefined &&
          (await mapXeroAccount(tenant, companyId, accountId, {
            targetAccountId: target === 'new' ? null : target,
            feedStartDate: start === '' ? null : start,
          }))
        if (!done) return notFound(request, reply)
      } catch (error) {
        if (!(error instanceof PageError) || error.kind === 'not_found') throw error
        const company = await kit.ports.getCompany(tenant, companyId)
        if (company === undefined) return notFound(request, reply)
        const mappings = await mappingsOf(kit, tenant, company)
        const status = error.kind === 'invalid' ? 422 : error.kind === 'conflict' ? 409 : 503
        const ctx = pageContext(request, reply, kit)
        return sendPage(reply, status, companyPage(ctx, company, { problem: error.message, mappings }))
      }
      setFlash(request, {
        tone: 'ok',
        text: 'Sent to Xero. The account reads Connected once Xero has saved the feed.',
      })
      return seeOther(reply, appPath('companies', companyId))
    },
  )
}

/** The Xero organisation's name while the connection is Linked (Codat gives none before, nor for QBO or Sage). */
export async function ledgerNameOf(kit: PagesKit, tenant: string, company: CompanyDetail) {
  if (company.platform !== 'xero' || company.connection.status !== 'Linked') return null
  return (await kit.ports.ledgerName?.(tenant, company.companyId)) ?? null
}

/** A Xero company's mappings while its connection is Linked (else none to show). */
export async function mappingsOf(kit: PagesKit, tenant: string, company: CompanyDetail) {
  if (company.platform !== 'xero' || company.connection.status !== 'Linked') return undefined
  return kit.ports.xeroMappings?.(tenant, company.companyId)
}
