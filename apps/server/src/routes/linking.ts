import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Linking } from '../companies/linking.js'
import { LinkReply, MapAccountBody, MapAccountReply, MappingReply } from '../http/link-schemas.js'
import { AccountParams, CompanyParams, ErrorResponses } from '../http/schemas.js'

/** What the link routes use. */
export interface LinkingRoutesPorts {
  readonly linking: Pick<Linking, 'link' | 'mapping' | 'map'>
}

const security = [{ bearer: [] }]

const NOTICE = {
  qbo: 'Shown once: feedsync does not store these. The customer opens linkUrl and enters them in QuickBooks.',
  xero: 'Single use, valid about an hour: ask for a new one for every hand-off. The customer signs in to Xero and allows access, then maps each account (GET/POST …/accounts/{accountId}/mapping).',
  sage: 'Shown once: feedsync does not store the password. In Sage: Banking → the bank account → Connect Bank → this bank → enter the connection ID and the one-time password before it expires → pick the account → OK (and Confirm where Sage asks).',
} as const

/** The per-platform link hand-off and Xero's account mapping. */
export const linkingRoutes: FastifyPluginAsyncTypebox<{ ports: LinkingRoutesPorts }> = async (
  app,
  { ports },
) => {
  const { linking } = ports

  app.post(
    '/v1/companies/:companyId/link',
    {
      schema: {
        summary:
          'What the SMB needs to link its ledger: QBO one-time credentials, a fresh Xero link, or Sage connection id + one-time password',
        tags: ['companies'],
        security,
        params: CompanyParams,
        response: { 201: LinkReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { companyId } = request.params
      const handOff = await linking.link(request.tenant, companyId)
      // Only the platform: the credentials, link and password never reach a log.
      request.log.info({ companyId, platform: handOff.platform }, 'link hand-off issued')
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ ...handOff, notice: NOTICE[handOff.platform] })
    },
  )

  app.get(
    '/v1/companies/:companyId/accounts/:accountId/mapping',
    {
      schema: {
        summary:
          "Xero: the account's mapping status, mapped target, feed start date and the SMB's target options",
        tags: ['accounts'],
        security,
        params: AccountParams,
        response: { 200: MappingReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      return linking.mapping(request.tenant, companyId, accountId)
    },
  )

  app.post(
    '/v1/companies/:companyId/accounts/:accountId/mapping',
    {
      schema: {
        summary:
          'Xero: map the account to one of its target options, or (no targetAccountId) to a new Xero account',
        tags: ['accounts'],
        security,
        params: AccountParams,
        body: MapAccountBody,
        response: { 200: MapAccountReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      const result = await linking.map(request.tenant, companyId, accountId, request.body)
      request.log.info({ companyId, accountId, status: result.status }, 'account mapping sent to Xero')
      return result
    },
  )
}
