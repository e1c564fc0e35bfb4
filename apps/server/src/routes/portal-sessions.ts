import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ServiceError } from '../errors.js'
import { bearerAuth } from '../http/auth.js'
import { CompanyParams, ErrorResponses } from '../http/schemas.js'
import type { PortalTokens } from '../pages/portal-tokens.js'

/** What the route needs: whether the tenant has this company (another tenant's is "no"). */
export interface PortalSessionsPort {
  companyExists(tenant: string, companyId: string): Promise<boolean>
}

const PortalSessionReply = Type.Object({
  url: Type.String({ description: 'Send the customer here. Works once, until expiresAt.' }),
  expiresAt: Type.String({ format: 'date-time' }),
})

/**
 * `POST /v1/companies/{companyId}/portal-sessions`: the bank's backend, after its own login, asks for
 * a short-lived, single-use signed link to the company's pages (`/app/portal/<token>`) and sends its
 * customer there: the SMB never gets an API key. Register inside the Bearer-authenticated `/v1` scope.
 *
 * @example
 * await v1.register(portalSessionRoutes, { port: pagesPorts, tokens, publicUrl: 'https://feeds.bank.example' })
 */
export const portalSessionRoutes: FastifyPluginAsyncTypebox<{
  port: PortalSessionsPort
  tokens: PortalTokens
  /**
   * Origin the link is built on (`https://feeds.bank.example`), or a function read per request (the
   * address the server got, when the port was 0); without it the link is a path.
   */
  publicUrl?: string | (() => string)
}> = async (app, { port, tokens, publicUrl }) => {
  const originOf = (): string =>
    (typeof publicUrl === 'function' ? publicUrl() : (publicUrl ?? '')).replace(/\/+$/, '')
  app.post(
    '/v1/companies/:companyId/portal-sessions',
    {
      schema: {
        summary: "A single-use link that opens the company's pages for the SMB (valid 15 minutes)",
        tags: ['companies'],
        security: [{ bearer: [] }],
        params: CompanyParams,
        response: { 201: PortalSessionReply, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { companyId } = request.params
      if (!(await port.companyExists(request.tenant, companyId))) {
        throw new ServiceError('not_found', `No company ${companyId}.`)
      }
      const { token, claims } = tokens.issue(request.tenant, companyId)
      request.log.info({ companyId }, 'portal link issued')
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({
          url: `${originOf()}/app/portal/${token}`,
          expiresAt: new Date(claims.expiresAt).toISOString(),
        })
    },
  )
}

/**
 * {@link portalSessionRoutes} in a scope of its own behind the same Bearer check as `/v1` (each key a
 * tenant): the composition registers this beside the API.
 *
 * @example
 * await app.register(portalSessionApi, { apiKeys: config.apiKeys, port: pagesPorts, tokens, publicUrl })
 */
export const portalSessionApi: FastifyPluginAsyncTypebox<{
  apiKeys: readonly string[]
  port: PortalSessionsPort
  tokens: PortalTokens
  publicUrl?: string | (() => string)
}> = async (app, { apiKeys, ...options }) => {
  app.addHook('onRequest', bearerAuth(apiKeys))
  await app.register(portalSessionRoutes, options)
}
