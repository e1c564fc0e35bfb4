import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Simulator } from '../simulator.js'
import { formOf, messagesOf, problemPage, sendHtml } from './replies.js'
import { renderSageConnectPage, type SageConnectModel } from './sage-connect-page.js'
import {
  businessUrl,
  renderSageIndexPage,
  renderSageLedgerPage,
  SAGE_PAGES,
  type SageBusinessView,
} from './sage-ledger-page.js'

const query = {
  type: 'object',
  properties: {
    businessId: { type: 'string', maxLength: 200 },
    sageBankAccountId: { type: 'string', maxLength: 200 },
    notice: { type: 'string', enum: ['connected', 'confirmed', 'disconnected', 'refreshed', 'cancelled'] },
  },
} as const
interface Query {
  businessId?: string
  sageBankAccountId?: string
  notice?: 'connected' | 'confirmed' | 'disconnected' | 'refreshed' | 'cancelled'
}

const NOTICES: Record<NonNullable<Query['notice']>, string> = {
  connected: 'Connected. Confirm the feed if Sage asks for it; lines appear after the next refresh.',
  confirmed: 'Confirmed: the bank can send transactions now.',
  disconnected: 'The bank feed is disconnected; Connect Bank again with a new one-time password.',
  refreshed: 'Refreshed: Sage shows every line the bank sent so far.',
  cancelled: 'Cancelled: nothing was connected.',
}

/**
 * Sage's pages for a person (PLATFORMS.md S6, §6), registered by `simulatorPages` behind its loopback and
 * same-origin guard: the businesses, a business's Banking tab (the ledger view, with Refresh, Confirm and
 * Disconnect), and Codat's connect-bank page (Connection ID + One-time password, then pick an account).
 * Each form runs the same control action as its `/_sim/sage/...` route.
 */
export async function sagePages(app: FastifyInstance, opts: { sim: Simulator }): Promise<void> {
  const sage = opts.sim.control.sage
  const business = (id: string) => {
    const res = sage.business(id)
    return res.status === 200 ? (res.body as SageBusinessView) : undefined
  }

  function connectModel(businessId?: string, bankId?: string): SageConnectModel | undefined {
    const b = businessId ? business(businessId) : undefined
    const bank = b?.bankAccounts.find((x) => x.id === bankId)
    if (!b || !bank) return undefined
    return {
      businessId: b.id,
      businessName: b.name,
      sageBankAccountId: bank.id,
      sageBankAccountName: bank.name,
      errors: [],
    }
  }
  const unknown = (reply: FastifyReply) =>
    problemPage(reply, 404, 'Not found', 'No such Sage business or bank account.', SAGE_PAGES.index)

  app.get(SAGE_PAGES.index, async (_request, reply) =>
    sendHtml(reply, 200, renderSageIndexPage(sage.listBusinesses().body as SageBusinessView[])),
  )

  app.post(SAGE_PAGES.businesses, async (request, reply) => {
    const f = formOf(request)
    const res = sage.createBusiness({
      name: f.get('name') ?? '',
      bankAccounts: [{ name: f.get('bankAccountName') ?? '', currency: f.get('currency') || 'GBP' }],
    })
    if (res.status !== 200 && res.status !== 201) {
      const list = sage.listBusinesses().body as SageBusinessView[]
      return sendHtml(reply, res.status, renderSageIndexPage(list, messagesOf(res)))
    }
    return reply.redirect(businessUrl((res.body as { id: string }).id), 303)
  })

  app.get<{ Querystring: Query }>(
    SAGE_PAGES.business,
    { schema: { querystring: query } },
    async (request, reply) => {
      const b = request.query.businessId ? business(request.query.businessId) : undefined
      if (!b) return unknown(reply)
      const notice = request.query.notice ? NOTICES[request.query.notice] : undefined
      return sendHtml(reply, 200, renderSageLedgerPage(b, opts.sim.now().toISOString(), notice))
    },
  )

  app.get<{ Querystring: Query }>(
    SAGE_PAGES.connect,
    { schema: { querystring: query } },
    async (request, reply) => {
      const m = connectModel(request.query.businessId, request.query.sageBankAccountId)
      return m ? sendHtml(reply, 200, renderSageConnectPage(m)) : unknown(reply)
    },
  )

  app.post(SAGE_PAGES.connect, async (request, reply) => {
    const f = formOf(request)
    const m = connectModel(f.get('businessId') ?? undefined, f.get('sageBankAccountId') ?? undefined)
    if (!m) return unknown(reply)
    const connectionId = (f.get('connectionId') ?? '').trim()
    const otp = (f.get('otp') ?? '').trim()
    const res = sage.connectBank({
      businessId: m.businessId,
      sageBankAccountId: m.sageBankAccountId,
      connectionId,
      ...(otp ? { otp } : {}),
    })
    if (res.status !== 200) {
      return sendHtml(
        reply,
        res.status,
        renderSageConnectPage({ ...m, connectionId, errors: messagesOf(res) }),
      )
    }
    const listed = (res.body as { sourceAccounts: NonNullable<SageConnectModel['accounts']> }).sourceAccounts
    return sendHtml(reply, 200, renderSageConnectPage({ ...m, connectionId, accounts: listed }))
  })

  app.post(SAGE_PAGES.select, async (request, reply) => {
    const f = formOf(request)
    const ref = { businessId: f.get('businessId') ?? '', sageBankAccountId: f.get('sageBankAccountId') ?? '' }
    const cancel = f.get('cancel') !== null
    const res = cancel
      ? sage.cancel(ref)
      : sage.select({ ...ref, sourceAccountId: f.get('sourceAccountId') ?? '' })
    if (res.status !== 200) {
      return problemPage(
        reply,
        res.status,
        'Could not connect',
        messagesOf(res).join(' '),
        businessUrl(ref.businessId),
      )
    }
    return reply.redirect(businessUrl(ref.businessId, cancel ? 'cancelled' : 'connected'), 303)
  })

  const actions = [
    { path: SAGE_PAGES.refresh, run: sage.refresh, notice: 'refreshed', title: 'Refresh failed' },
    { path: SAGE_PAGES.confirm, run: sage.confirm, notice: 'confirmed', title: 'Confirm failed' },
    { path: SAGE_PAGES.disconnect, run: sage.disconnect, notice: 'disconnected', title: 'Disconnect failed' },
  ] as const
  for (const a of actions) {
    app.post(a.path, async (request, reply) => {
      const f = formOf(request)
      const businessId = f.get('businessId') ?? ''
      const sageBankAccountId = f.get('sageBankAccountId')
      const res = a.run({ businessId, ...(sageBankAccountId ? { sageBankAccountId } : {}) })
      if (res.status !== 200) {
        return problemPage(reply, res.status, a.title, messagesOf(res).join(' '), businessUrl(businessId))
      }
      return reply.redirect(businessUrl(businessId, a.notice), 303)
    })
  }
}
