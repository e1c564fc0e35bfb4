import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type PagesKit, pageContext, seeOther, sendPage, setFlash, tenantOf } from '../context.js'
import { appPath } from '../html.js'
import { NOT_FOUND } from '../page-errors.js'
import { PageError } from '../ports.js'
import { errorPage } from '../views/auth-views.js'
import { reconciliationPage } from '../views/reconciliation-page.js'
import { AccountParams } from './account-routes.js'

const TransactionParams = Type.Object({
  companyId: Type.String({ minLength: 1, maxLength: 100 }),
  accountId: Type.String({ minLength: 1, maxLength: 200 }),
  transactionId: Type.String({ minLength: 1, maxLength: 200 }),
})
const NoteForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))

function noteOf(body: Readonly<Record<string, string | readonly string[]>>): string {
  const v = body.note
  return (typeof v === 'string' ? v : '').trim().slice(0, 500)
}

/** The reconciliation page and its actions; registered only when the ports offer `reconciliation`. */
export const reconciliationRoutes: FastifyPluginAsyncTypebox<{ kit: PagesKit }> = async (app, { kit }) => {
  const { ports } = kit
  const report = ports.reconciliation
  if (report === undefined) return
  const base = (c: string, a: string) => `${appPath('companies', c, 'accounts', a)}/reconciliation`

  app.get(
    '/companies/:companyId/accounts/:accountId/reconciliation',
    { config: { access: 'operator' }, schema: { hide: true, params: AccountParams } },
    async (request, reply) => {
      const tenant = tenantOf(request)
      const { companyId, accountId } = request.params
      const company = await ports.getCompany(tenant, companyId)
      const account = company?.accounts.find((a) => a.accountId === accountId)
      const data = account === undefined ? undefined : await report(tenant, companyId, accountId)
      const ctx = pageContext(request, reply, kit)
      if (company === undefined || account === undefined || data === undefined) {
        return sendPage(reply, 404, errorPage(ctx, NOT_FOUND))
      }
      const actions = {
        redate: ports.redate !== undefined,
        dismiss: ports.dismiss !== undefined,
        acceptBalance: ports.acceptBalance !== undefined,
      }
      return sendPage(reply, 200, reconciliationPage(ctx, { company, account, report: data, actions }))
    },
  )

  /** Runs one action with its note; a missing note or a refusal comes back as a message on the page. */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    where: { companyId: string; accountId: string },
    note: string,
    run: (tenant: string) => Promise<void>,
    done: string,
  ): Promise<FastifyReply> => {
    const back = base(where.companyId, where.accountId)
    const company = await ports.getCompany(tenantOf(request), where.companyId)
    if (company === undefined || !company.accounts.some((a) => a.accountId === where.accountId)) {
      return sendPage(reply, 404, errorPage(pageContext(request, reply, kit), NOT_FOUND))
    }
    if (note === '') {
      setFlash(request, { tone: 'bad', text: 'Write a note saying why; it is kept with the action.' })
      return seeOther(reply, back)
    }
    try {
      await run(tenantOf(request))
    } catch (error) {
      if (!(error instanceof PageError) || error.kind === 'not_found') throw error
      setFlash(request, { tone: 'bad', text: error.message })
      return seeOther(reply, back)
    }
    setFlash(request, { tone: 'ok', text: done })
    return seeOther(reply, back)
  }

  /** Each action the ports offer: its path under the line, and what the page says once it is done. */
  const ACTIONS = [
    {
      key: 'redate',
      path: 'redate',
      done: 'The line will be sent dated on the earliest day QuickBooks accepts.',
    },
    { key: 'dismiss', path: 'dismiss', done: 'Dismissed: the line stays in the report as dismissed.' },
    {
      key: 'acceptBalance',
      path: 'accept-balance',
      done: "The bank's balance was accepted; waiting lines flow again.",
    },
  ] as const
  for (const { key, path, done } of ACTIONS) {
    const run = ports[key]
    if (run === undefined) continue
    app.post(
      `/companies/:companyId/accounts/:accountId/transactions/:transactionId/${path}`,
      { config: { access: 'operator' }, schema: { hide: true, params: TransactionParams, body: NoteForm } },
      async (request, reply) => {
        const { companyId, accountId, transactionId } = request.params
        const note = noteOf(request.body)
        return act(
          request,
          reply,
          request.params,
          note,
          (t) => run(t, companyId, accountId, transactionId, note),
          done,
        )
      },
    )
  }
}
