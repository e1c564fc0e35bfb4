import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { SourceAccount, SourceAccountV2 } from '@feedsync/codat-client'
import {
  CompanyParams,
  CompanyReply,
  CredentialsReply,
  ErrorResponses,
  OnboardBody,
  OnboardHeaders,
  OnboardReply,
  OperationsReply,
} from '../http/schemas.js'
import type { Services } from '../services.js'
import { accountStream } from '../streams.js'

const security = [{ bearer: [] }]

/** Onboarding, credentials, company view and push operations. */
export const companyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { companies, onboarding, codat, clock, accounts } = services

  app.post(
    '/v1/companies',
    {
      schema: {
        summary:
          'Connect account to QuickBooks: create the Codat company, hcws connection and source accounts',
        tags: ['companies'],
        security,
        headers: OnboardHeaders,
        body: OnboardBody,
        response: { 201: OnboardReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const result = await onboarding.onboard(
        request.tenant,
        request.body,
        request.headers['idempotency-key'],
      )
      return reply.status(201).send(result)
    },
  )

  app.post(
    '/v1/companies/:companyId/credentials',
    {
      schema: {
        summary: 'One-time QBO username and password for the SMB (shown once; each call issues a new pair)',
        tags: ['companies'],
        security,
        params: CompanyParams,
        response: { 201: CredentialsReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const company = await companies.forTenant(request.tenant, request.params.companyId)
      const pair = await codat.sourceAccounts.generateCredentials({
        companyId: company.codatCompanyId,
        connectionId: company.connectionId,
      })
      await companies.append(
        company.companyId,
        { type: 'CredentialsIssued', data: { at: await clock.now() } },
        'any',
      )
      request.log.info({ companyId: company.companyId }, 'QBO credentials issued')
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({
          username: pair.username ?? '',
          password: pair.password ?? '',
          notice:
            'Shown once: feedsync does not store these. Enter them in QuickBooks when linking the bank.',
        })
    },
  )

  app.get(
    '/v1/companies/:companyId',
    {
      schema: {
        summary: 'Company, connection status, each account link status and feed start date',
        tags: ['companies'],
        security,
        params: CompanyParams,
        response: { 200: CompanyReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const company = await companies.forTenant(request.tenant, request.params.companyId)
      const [connection, sources] = await Promise.all([
        codat.connections.get({ companyId: company.codatCompanyId, connectionId: company.connectionId }),
        codat.sourceAccounts.list({ companyId: company.codatCompanyId, connectionId: company.connectionId }),
      ])
      const byId = new Map<string, SourceAccountV2 | SourceAccount>(sources.map((s) => [s.id, s]))
      const accountViews = []
      for (const a of company.accounts) {
        const { state } = await accounts.load(accountStream(company.companyId, a.accountId))
        const s = byId.get(a.accountId)
        accountViews.push({
          accountId: a.accountId,
          accountName: a.accountName,
          currency: a.currency,
          codatStatus: s?.status ?? null,
          feedStartDate: s?.feedStartDate?.slice(0, 10) ?? null,
          link: state.feed.status,
        })
      }
      return {
        companyId: company.companyId,
        name: company.name,
        description: company.description,
        onboardedAt: company.onboardedAt,
        connection: {
          connectionId: company.connectionId,
          status: connection.status,
          linkUrl: connection.status === 'Linked' ? null : connection.linkUrl,
        },
        accounts: accountViews,
      }
    },
  )

  app.get(
    '/v1/companies/:companyId/operations',
    {
      schema: {
        summary: 'Push operations (batches) of every account of the company, with their outcomes',
        tags: ['companies'],
        security,
        params: CompanyParams,
        response: { 200: OperationsReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const company = await companies.forTenant(request.tenant, request.params.companyId)
      const results = []
      for (const a of company.accounts) {
        const { state } = await accounts.load(accountStream(company.companyId, a.accountId))
        for (const b of state.batches.values()) {
          results.push({
            accountId: a.accountId,
            batchId: b.id,
            pushOperationKey: b.pushOperationKey ?? null,
            status: b.status,
            lines: b.lines.length,
            plannedAt: b.plannedAt,
            completedAt: b.completedAt ?? null,
            message: b.message ?? null,
            rejections: [...b.rejections],
          })
        }
      }
      results.sort((x, y) => (x.plannedAt < y.plannedAt ? 1 : x.plannedAt > y.plannedAt ? -1 : 0))
      return { results }
    },
  )
}
