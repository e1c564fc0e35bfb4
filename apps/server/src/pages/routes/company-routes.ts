import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type PagesKit, pageContext, seeOther, sendPage, setFlash, tenantOf } from '../context.js'
import { appPath, html } from '../html.js'
import {
  blankAccount,
  blankDraft,
  type FieldErrors,
  type OnboardDraft,
  parseOnboardForm,
} from '../onboard-form.js'
import { NOT_FOUND } from '../page-errors.js'
import { PageError } from '../ports.js'
import { errorPage } from '../views/auth-views.js'
import { companyPage, statusFragment } from '../views/company-page.js'
import { onboardPage } from '../views/onboard-page.js'
import { ledgerNameOf, mappingsOf } from './link-routes.js'
import { CompanyParams } from './operator-routes.js'

/** What the SMB does next, per platform, once the business is set up. */
const NEXT_STEP = {
  qbo: 'Next: get the QuickBooks credentials below.',
  xero: 'Next: Connect to Xero below, then map each account.',
  sage: 'Next: get a one-time password below and connect from inside Sage.',
} as const

const Form = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))

/** The SMB's company pages: connect (onboard), status, one-time credentials, revoke. */
export const companyRoutes: FastifyPluginAsyncTypebox<{ kit: PagesKit }> = async (app, { kit }) => {
  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    draft: OnboardDraft,
    errors: FieldErrors = {},
    problem?: string,
  ) => sendPage(reply, status, onboardPage(pageContext(request, reply, kit), draft, errors, problem))

  app.get(
    '/companies/new',
    { config: { access: 'operator' }, schema: { hide: true } },
    async (request, reply) => showForm(request, reply, 200, blankDraft(randomUUID())),
  )

  app.post(
    '/companies/new',
    { config: { access: 'operator' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const { draft, action, errors, request: input } = parseOnboardForm(request.body)
      if (action.kind === 'add') {
        const currency = draft.accounts[draft.accounts.length - 1]?.currency || 'USD'
        return showForm(request, reply, 200, {
          ...draft,
          accounts: [...draft.accounts, blankAccount(currency)],
        })
      }
      if (action.kind === 'remove') {
        const accounts = draft.accounts.filter((_, i) => i !== action.index)
        return showForm(request, reply, 200, {
          ...draft,
          accounts: accounts.length === 0 ? [blankAccount()] : accounts,
        })
      }
      if (input === undefined) return showForm(request, reply, 422, draft, errors)
      try {
        const { companyId } = await kit.ports.onboard(tenantOf(request), input, draft.idempotencyKey)
        setFlash(request, {
          tone: 'ok',
          text: `${input.name} is set up. ${NEXT_STEP[input.platform ?? 'qbo']}`,
        })
        return seeOther(reply, appPath('companies', companyId))
      } catch (error) {
        if (!(error instanceof PageError) || error.kind === 'not_found') throw error
        // A new key: the next submit is a new request (this one failed or was a different body).
        const fresh = error.kind === 'invalid' ? { ...draft, idempotencyKey: randomUUID() } : draft
        return showForm(
          request,
          reply,
          error.kind === 'invalid' ? 422 : error.kind === 'conflict' ? 409 : 503,
          fresh,
          {},
          error.message,
        )
      }
    },
  )

  app.get(
    '/companies/:companyId',
    { config: { access: 'smb' }, schema: { hide: true, params: CompanyParams } },
    async (request, reply) => {
      const company = await kit.ports.getCompany(tenantOf(request), request.params.companyId)
      const ctx = pageContext(request, reply, kit)
      if (company === undefined) return sendPage(reply, 404, errorPage(ctx, NOT_FOUND))
      const mappings = await mappingsOf(kit, tenantOf(request), company)
      const ledgerName = await ledgerNameOf(kit, tenantOf(request), company)
      return sendPage(
        reply,
        200,
        companyPage(ctx, company, { ...(mappings === undefined ? {} : { mappings }), ledgerName }),
      )
    },
  )

  app.get(
    '/companies/:companyId/status',
    { config: { access: 'smb' }, schema: { hide: true, params: CompanyParams } },
    async (request, reply) => {
      const company = await kit.ports.getCompany(tenantOf(request), request.params.companyId)
      if (company === undefined) return sendPage(reply, 404, html`<div data-final="true">Not found.</div>`)
      return sendPage(reply, 200, statusFragment(company))
    },
  )

  app.post(
    '/companies/:companyId/credentials',
    { config: { access: 'smb' }, schema: { hide: true, params: CompanyParams, body: Form } },
    async (request, reply) => {
      const tenant = tenantOf(request)
      const { companyId } = request.params
      const credentials = await kit.ports.issueCredentials(tenant, companyId)
      const company = credentials === undefined ? undefined : await kit.ports.getCompany(tenant, companyId)
      const ctx = pageContext(request, reply, kit)
      if (credentials === undefined || company === undefined)
        return sendPage(reply, 404, errorPage(ctx, NOT_FOUND))
      request.log.info({ companyId }, 'pages: QBO credentials issued')
      return sendPage(reply, 200, companyPage(ctx, company, { credentials }))
    },
  )

  app.post(
    '/companies/:companyId/credentials/revoke',
    { config: { access: 'smb' }, schema: { hide: true, params: CompanyParams, body: Form } },
    async (request, reply) => {
      const { companyId } = request.params
      const done = await kit.ports.revokeCredentials(tenantOf(request), companyId)
      if (!done) return sendPage(reply, 404, errorPage(pageContext(request, reply, kit), NOT_FOUND))
      setFlash(request, {
        tone: 'warn',
        text: 'Every QuickBooks credential of this business was revoked. Issue new ones to link again.',
      })
      return seeOther(reply, appPath('companies', companyId))
    },
  )
}
