import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Simulator } from '../simulator.js'
import { formOf, messagesOf, problemPage, sendHtml } from './replies.js'
import { type ConsentModel, renderConsentPage, renderRedirectPage, XERO_PAGES } from './xero-consent-page.js'
import { type MappingModel, renderMappingPage } from './xero-mapping-page.js'
import { type OrgView, renderOrgIndexPage, renderOrgPage } from './xero-org-page.js'

const query = {
  type: 'object',
  properties: {
    companyId: { type: 'string', maxLength: 200 },
    connectionId: { type: 'string', maxLength: 200 },
    orgId: { type: 'string', maxLength: 200 },
    otp: { type: 'string', maxLength: 20 },
    notice: { type: 'string', enum: ['linked', 'connecting', 'disconnected'] },
  },
} as const
interface Query {
  companyId?: string
  connectionId?: string
  orgId?: string
  otp?: string
  notice?: 'linked' | 'connecting' | 'disconnected'
}
const NOTICES = {
  linked: 'Xero is linked. Connect each bank account to a Xero account below.',
  connecting: 'Xero is saving the feed; the account reads connected in a few seconds.',
  disconnected: 'Disconnected: the bank no longer feeds that Xero account; its lines stay in Xero.',
}

const mappingUrl = (companyId: string, connectionId: string, notice?: string) =>
  `${XERO_PAGES.mapping}?${new URLSearchParams({ companyId, connectionId, ...(notice ? { notice } : {}) })}`

/**
 * Xero's pages for a person (PLATFORMS.md X4-X7, X10-X15, X30, §6), registered by `simulatorPages` behind its
 * loopback and same-origin guard: the consent page at a Xero connection's `linkUrl`, the redirect page, Codat's
 * mapping UI, the organisations and an organisation's ledger view. Each form runs the same control action as
 * its `/_sim/xero/...` route.
 */
export async function xeroPages(app: FastifyInstance, opts: { sim: Simulator }): Promise<void> {
  const xero = opts.sim.control.xero
  const today = () => opts.sim.now().toISOString().slice(0, 10)

  function showMapping(reply: FastifyReply, status: number, q: Query, errors: string[] = []) {
    if (!q.companyId || !q.connectionId) {
      return problemPage(
        reply,
        400,
        'Which connection?',
        'Open this page with ?companyId=...&connectionId=...',
        XERO_PAGES.index,
      )
    }
    const res = xero.mappingView(q.companyId, q.connectionId)
    if (res.status !== 200)
      return problemPage(reply, res.status, 'Not found', messagesOf(res).join(' '), XERO_PAGES.index)
    const m = res.body as MappingModel
    return sendHtml(
      reply,
      status,
      renderMappingPage({ ...m, errors, ...(q.notice ? { notice: NOTICES[q.notice] } : {}) }, today()),
    )
  }

  app.get<{ Params: { companyId: string; connectionId: string }; Querystring: Query }>(
    XERO_PAGES.linkUrl,
    { schema: { querystring: query } },
    async (request, reply) => {
      const { companyId, connectionId } = request.params
      const res = xero.consentView(companyId, connectionId, request.query.otp ?? '')
      if (res.status === 401) {
        return problemPage(
          reply,
          401,
          'This link has expired',
          'The one-time link has been used or is more than an hour old: ask the bank for a fresh one.',
          XERO_PAGES.index,
        )
      }
      if (res.status !== 200)
        return problemPage(reply, res.status, 'Not found', messagesOf(res).join(' '), XERO_PAGES.index)
      return sendHtml(reply, 200, renderConsentPage(res.body as ConsentModel))
    },
  )

  app.post(XERO_PAGES.consent, async (request, reply) => {
    const f = formOf(request)
    const ids = { companyId: f.get('companyId') ?? '', connectionId: f.get('connectionId') ?? '' }
    const res = xero.consent({
      ...ids,
      otp: f.get('otp') ?? '',
      orgId: f.get('orgId') ?? '',
      decision: f.get('decision') ?? '',
    })
    if (res.status !== 200) {
      // A refusal the person can mend on the same page (no organisation picked): the page again, with why.
      const again = xero.consentView(ids.companyId, ids.connectionId, f.get('otp') ?? '')
      if (res.status === 400 && again.status === 200)
        return sendHtml(
          reply,
          400,
          renderConsentPage({ ...(again.body as ConsentModel), errors: messagesOf(res) }),
        )
      return problemPage(
        reply,
        res.status,
        'Could not link Xero',
        messagesOf(res).join(' '),
        XERO_PAGES.index,
      )
    }
    const body = res.body as { status: string; redirect: string }
    if (body.status === 'Linked')
      return reply.redirect(mappingUrl(ids.companyId, ids.connectionId, 'linked'), 303)
    return reply.redirect(`${XERO_PAGES.redirect}${new URL(body.redirect).search}`, 303)
  })

  app.get(XERO_PAGES.redirect, async (request, reply) => {
    const params = Object.fromEntries(new URLSearchParams(request.url.split('?')[1] ?? ''))
    return sendHtml(reply, 200, renderRedirectPage(params))
  })

  app.get<{ Querystring: Query }>(
    XERO_PAGES.mapping,
    { schema: { querystring: query } },
    async (request, reply) => showMapping(reply, 200, request.query),
  )

  app.post(XERO_PAGES.mapping, async (request, reply) => {
    const f = formOf(request)
    const ids = { companyId: f.get('companyId') ?? '', connectionId: f.get('connectionId') ?? '' }
    const res = xero.mappingUi({
      ...ids,
      sourceAccountId: f.get('sourceAccountId') ?? '',
      targetAccountId: f.get('targetAccountId') || null,
      ...(f.get('feedStartDate') ? { feedStartDate: f.get('feedStartDate') } : {}),
    })
    const failed = (res.body as { status?: string; error?: string } | undefined) ?? {}
    if (res.status === 200 && failed.status === 'Failed')
      return showMapping(reply, 422, ids, [failed.error ?? 'Xero refused the mapping.'])
    if (res.status !== 200) return showMapping(reply, res.status, ids, messagesOf(res))
    return reply.redirect(mappingUrl(ids.companyId, ids.connectionId, 'connecting'), 303)
  })

  app.post(XERO_PAGES.disconnect, async (request, reply) => {
    const f = formOf(request)
    const ids = { companyId: f.get('companyId') ?? '', connectionId: f.get('connectionId') ?? '' }
    const res = xero.mappingUiDisconnect({ ...ids, sourceAccountId: f.get('sourceAccountId') ?? '' })
    if (res.status !== 200) return showMapping(reply, res.status, ids, messagesOf(res))
    return reply.redirect(mappingUrl(ids.companyId, ids.connectionId, 'disconnected'), 303)
  })

  app.get(XERO_PAGES.index, async (_request, reply) =>
    sendHtml(
      reply,
      200,
      renderOrgIndexPage(xero.listOrgs().body as { id: string; name: string; baseCurrency: string }[]),
    ),
  )

  app.post(XERO_PAGES.orgs, async (request, reply) => {
    const f = formOf(request)
    const account = f.get('bankAccountName')
    const res = xero.createOrg({
      name: f.get('name') ?? '',
      baseCurrency: f.get('baseCurrency') || 'USD',
      bankAccounts: account ? [{ name: account, type: 'BANK' }] : [],
    })
    if (res.status !== 200) {
      const orgs = xero.listOrgs().body as { id: string; name: string; baseCurrency: string }[]
      return sendHtml(reply, res.status, renderOrgIndexPage(orgs, messagesOf(res)))
    }
    // Made from a consent page: back to it (only ever a link page of this simulator).
    const back = f.get('returnTo') ?? ''
    return reply.redirect(
      /^\/_sim\/link\/companies\/[^/]+\/connections\/[^/]+\/start\?otp=[^&]*$/.test(back)
        ? back
        : XERO_PAGES.index,
      303,
    )
  })

  app.get<{ Querystring: Query }>(
    XERO_PAGES.org,
    { schema: { querystring: query } },
    async (request, reply) => {
      const res = xero.org(request.query.orgId ?? '')
      if (res.status !== 200)
        return problemPage(reply, res.status, 'Not found', messagesOf(res).join(' '), XERO_PAGES.index)
      return sendHtml(reply, 200, renderOrgPage(res.body as OrgView, opts.sim.now().toISOString()))
    },
  )
}
