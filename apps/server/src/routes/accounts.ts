import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FeedService } from '../accounts/feed-service.js'
import type { FeedViews } from '../accounts/feed-views.js'
import type { CompanyRepository } from '../companies/repository.js'
import { ServiceError } from '../errors.js'
import {
  AccountParams,
  ClearBody,
  ErrorResponses,
  FeedReply,
  IngestBody,
  IngestQuery,
  IngestReply,
  ListQuery,
  ListReply,
  SyncReply,
  TransactionParams,
} from '../http/schemas.js'
import type { SyncWorker } from '../sync/sync-worker.js'

/** What the account routes use. */
export interface AccountRoutesPorts {
  readonly companies: Pick<CompanyRepository, 'accountForTenant'>
  readonly feeds: Pick<FeedService, 'ingest' | 'command'>
  readonly views: Pick<FeedViews, 'summary' | 'list'>
  readonly worker: Pick<SyncWorker, 'syncAccount'>
}

const security = [{ bearer: [] }]

/** The bank-facing feed of one account: record, clear, void, view, list, sync now. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ ports: AccountRoutesPorts }> = async (
  app,
  { ports },
) => {
  const { companies, feeds, views, worker } = ports

  app.post(
    '/v1/companies/:companyId/accounts/:accountId/transactions',
    {
      schema: {
        summary: 'Record up to 1000 transactions (replaying a request is harmless)',
        description:
          'All or nothing by default: one rejected transaction refuses the request (problem+json listing each). ' +
          'With `?partial=true` the valid ones are recorded and the others reported as rejected.',
        tags: ['transactions'],
        security,
        params: AccountParams,
        querystring: IngestQuery,
        body: IngestBody,
        response: { 200: IngestReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      const results = await feeds.ingest(
        companyId,
        accountId,
        request.body.transactions,
        request.query.partial ?? false,
      )
      return {
        recorded: results.filter((r) => r.result === 'recorded').length,
        duplicates: results.filter((r) => r.result === 'duplicate').length,
        rejected: results.filter((r) => r.result === 'rejected').length,
        results,
      }
    },
  )

  app.post(
    '/v1/companies/:companyId/accounts/:accountId/transactions/:transactionId/clear',
    {
      schema: {
        summary: 'A pending transaction cleared (optionally on a new date)',
        tags: ['transactions'],
        security,
        params: TransactionParams,
        body: ClearBody,
        response: { 200: FeedReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId, transactionId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      const date = request.body?.date
      await feeds.command(companyId, accountId, (at) =>
        date === undefined
          ? { type: 'ClearTransaction', transactionId, at }
          : { type: 'ClearTransaction', transactionId, date, at },
      )
      return views.summary(companyId, accountId)
    },
  )

  app.post(
    '/v1/companies/:companyId/accounts/:accountId/transactions/:transactionId/void',
    {
      schema: {
        summary: 'The bank withdrew a transaction before it was pushed',
        tags: ['transactions'],
        security,
        params: TransactionParams,
        response: { 200: FeedReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId, transactionId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      await feeds.command(companyId, accountId, (at) => ({ type: 'VoidTransaction', transactionId, at }))
      return views.summary(companyId, accountId)
    },
  )

  app.get(
    '/v1/companies/:companyId/accounts/:accountId/feed',
    {
      schema: {
        summary:
          'The folded feed state: link, counts pushed / pending / held / quarantined with reasons, batch in flight',
        tags: ['feed'],
        security,
        params: AccountParams,
        response: { 200: FeedReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      return views.summary(companyId, accountId)
    },
  )

  app.get(
    '/v1/companies/:companyId/accounts/:accountId/transactions',
    {
      schema: {
        summary: "Paged transactions with each one's sync status and reason",
        tags: ['transactions'],
        security,
        params: AccountParams,
        querystring: ListQuery,
        response: { 200: ListReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      const page = request.query.page ?? 1
      const pageSize = request.query.pageSize ?? 100
      const { total, items } = await views.list(companyId, accountId, {
        page,
        pageSize,
        orderBy: request.query.orderBy ?? 'date',
        syncStatus: request.query.syncStatus,
      })
      return { page, pageSize, totalResults: total, results: items }
    },
  )

  app.post(
    '/v1/companies/:companyId/accounts/:accountId/sync',
    {
      schema: {
        summary: 'Sync now: learn the link, reconcile, plan and push what is ready',
        tags: ['feed'],
        security,
        params: AccountParams,
        response: { 200: SyncReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      const { company } = await companies.accountForTenant(request.tenant, companyId, accountId)
      const r = await worker.syncAccount(company, accountId)
      if (r.status === 'busy') {
        throw new ServiceError(
          'sync_in_progress',
          'A sync of this account was still running after waiting for it (FEEDSYNC_SYNC_NOW_WAIT_MS); try again shortly.',
        )
      }
      return {
        status: r.status,
        batchesPushed: r.batchesPushed,
        reconciled: r.reconciled,
        // The sync's own final plan, summarised before the account was handed back (not planned again).
        feed: r.feed ?? (await views.summary(companyId, accountId)),
      }
    },
  )
}
