import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { type PagesKit, pageContext, seeOther, sendPage, setFlash, tenantOf } from '../context.js'
import { plural } from '../format.js'
import { appPath } from '../html.js'
import { NOT_FOUND } from '../page-errors.js'
import { PageError, type SyncStatus, type TransactionQuery } from '../ports.js'
import { accountPage } from '../views/account-page.js'
import { errorPage } from '../views/auth-views.js'
import { SYNC_STATUSES } from '../views/parts.js'

/** Path parameters of an account page. */
export const AccountParams = Type.Object({
  companyId: Type.String({ minLength: 1, maxLength: 100 }),
  accountId: Type.String({ minLength: 1, maxLength: 200 }),
})

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 40 })),
  sort: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Optional(Type.String({ maxLength: 40 })),
})

const PAGE_SIZE = 25

/** Reads the table's query leniently: anything unknown falls back to the default, never an error. */
export function transactionQuery(q: { status?: string; sort?: string; page?: string }): TransactionQuery {
  const status = SYNC_STATUSES.find((s): s is SyncStatus => s === q.status)
  const page = Number.parseInt(q.page ?? '1', 10)
  return {
    page: Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 100_000) : 1,
    pageSize: PAGE_SIZE,
    orderBy: q.sort === 'date' ? 'date' : '-date',
    ...(status === undefined ? {} : { syncStatus: status }),
  }
}

/** One account: the feed, the transactions table, Sync now. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ kit: PagesKit }> = async (app, { kit }) => {
  app.get(
    '/companies/:companyId/accounts/:accountId',
    { config: { access: 'smb' }, schema: { hide: true, params: AccountParams, querystring: ListQuery } },
    async (request, reply) => {
      const tenant = tenantOf(request)
      const { companyId, accountId } = request.params
      let query = transactionQuery(request.query)
      const company = await kit.ports.getCompany(tenant, companyId)
      const account = company?.accounts.find((a) => a.accountId === accountId)
      const [feed, first] = await Promise.all([
        account === undefined ? undefined : kit.ports.accountFeed(tenant, companyId, accountId),
        account === undefined ? undefined : kit.ports.listTransactions(tenant, companyId, accountId, query),
      ])
      const ctx = pageContext(request, reply, kit)
      if (company === undefined || account === undefined || feed === undefined || first === undefined) {
        return sendPage(reply, 404, errorPage(ctx, NOT_FOUND))
      }
      let transactions = first
      const last = Math.max(1, Math.ceil(first.total / query.pageSize))
      if (query.page > last) {
        query = { ...query, page: last }
        transactions = (await kit.ports.listTransactions(tenant, companyId, accountId, query)) ?? first
      }
      const reconciliation = kit.ports.reconciliation !== undefined
      return sendPage(
        reply,
        200,
        accountPage(ctx, { company, account, feed, transactions, query, reconciliation }),
      )
    },
  )

  app.post(
    '/companies/:companyId/accounts/:accountId/sync',
    {
      config: { access: 'smb' },
      schema: { hide: true, params: AccountParams, body: Type.Record(Type.String(), Type.Unknown()) },
    },
    async (request, reply) => {
      const { companyId, accountId } = request.params
      const back = appPath('companies', companyId, 'accounts', accountId)
      let outcome: Awaited<ReturnType<typeof kit.ports.syncNow>>
      try {
        outcome = await kit.ports.syncNow(tenantOf(request), companyId, accountId)
      } catch (error) {
        if (!(error instanceof PageError) || error.kind === 'not_found') throw error
        setFlash(request, { tone: 'warn', text: error.message })
        return seeOther(reply, back)
      }
      if (outcome === undefined)
        return sendPage(reply, 404, errorPage(pageContext(request, reply, kit), NOT_FOUND))
      setFlash(
        request,
        outcome.status === 'busy'
          ? {
              tone: 'warn',
              text: 'A sync of this account is already running; the page shows its result shortly.',
            }
          : outcome.status === 'stuck'
            ? {
                tone: 'warn',
                text: 'The accounting software has not confirmed the last push yet; we will check again automatically.',
              }
            : {
                tone: 'ok',
                text:
                  outcome.batchesPushed === 0
                    ? 'Synced: nothing new was ready to send.'
                    : `Synced: ${plural(outcome.batchesPushed, 'push', 'pushes')} sent to QuickBooks.`,
              },
      )
      return seeOther(reply, back)
    },
  )
}
