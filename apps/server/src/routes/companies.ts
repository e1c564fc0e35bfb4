import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FeedViews } from '../accounts/feed-views.js'
import type { Onboarding } from '../companies/onboarding.js'
import type { CompanyRepository } from '../companies/repository.js'
import { OPENING_BALANCE } from '../http/openapi-examples.js'
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

/** What the company routes use. */
export interface CompanyRoutesPorts {
  readonly companies: Pick<CompanyRepository, 'forTenant'>
  readonly onboarding: Pick<Onboarding, 'onboard' | 'issueCredentials'>
  readonly views: Pick<FeedViews, 'company' | 'operations'>
}

const security = [{ bearer: [] }]

/** Onboarding, credentials, company view and push operations. */
export const companyRoutes: FastifyPluginAsyncTypebox<{ ports: CompanyRoutesPorts }> = async (
  app,
  { ports },
) => {
  const { companies, onboarding, views } = ports

  app.post(
    '/v1/companies',
    {
      schema: {
        summary:
          'Connect account to QuickBooks: create the Codat company, hcws connection and source accounts',
        description: `One call per business: its name and its bank accounts. Each account's \`balance\`: ${OPENING_BALANCE}`,
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
      const { companyId } = request.params
      const pair = await onboarding.issueCredentials(request.tenant, companyId)
      request.log.info({ companyId }, 'QBO credentials issued')
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({
          ...pair,
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
    async (request) => views.company(await companies.forTenant(request.tenant, request.params.companyId)),
  )

  app.get(
    '/v1/companies/:companyId/operations',
    {
      schema: {
        summary: 'Push operations (batches) of every account of the company, with their outcomes',
        description:
          'Latest planned first. Per account: the batches its state keeps (the open one, those ended ' +
          'within 2 days of its latest plan and the newest 10 ended before that) and the newest 500 ' +
          '(by planned time) of those it no longer keeps: old operations beyond the newest 500 per ' +
          'account are not listed.',
        tags: ['companies'],
        security,
        params: CompanyParams,
        response: { 200: OperationsReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const company = await companies.forTenant(request.tenant, request.params.companyId)
      return { results: await views.operations(company) }
    },
  )
}
