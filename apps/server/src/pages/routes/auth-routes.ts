import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { type PagesKit, pageContext, safeNext, seeOther, sendPage, viewerOf } from '../context.js'
import { formatInstant } from '../format.js'
import { appPath } from '../html.js'
import { errorPage, portalLandingPage, signInPage } from '../views/auth-views.js'

const publicRoute = { access: 'public' as const }
/** The portal routes log at warn and above only: their URL holds a single-use token, kept out of logs. */
const quiet = 'warn' as const
const Form = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))
// A wildcard, not `:token`: a token is longer than the router's 100-character limit for a parameter.
// (A record: TypeBox cannot hold a '*' property name.)
const TokenParams = Type.Record(Type.String(), Type.String({ maxLength: 2000 }))

const LINK_REFUSED = {
  status: 410,
  title: 'This link cannot be used',
  message:
    'The link has expired or was already used: each link works once, for a short time. Ask your bank for a new one.',
  back: { href: '/app/sign-in', label: 'Bank staff sign-in' },
}

/** Sign-in with a tenant API key, sign-out, and the SMB's portal links. */
export const authRoutes: FastifyPluginAsyncTypebox<{ kit: PagesKit }> = async (app, { kit }) => {
  app.get(
    '/sign-in',
    {
      config: publicRoute,
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const next = safeNext(request.query.next)
      if (viewerOf(request)?.kind === 'operator') return seeOther(reply, next)
      return sendPage(reply, 200, signInPage(pageContext(request, reply, kit), { next }))
    },
  )

  app.post(
    '/sign-in',
    { config: publicRoute, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const key = request.body.apiKey
      const next = safeNext(typeof request.body.next === 'string' ? request.body.next : undefined)
      const tenant =
        typeof key === 'string' && key.length <= 500 ? await kit.ports.authenticate(key.trim()) : undefined
      if (tenant === undefined) {
        request.log.info('pages: sign-in refused')
        return sendPage(
          reply,
          401,
          signInPage(pageContext(request, reply, kit), {
            next,
            error: 'That key is not valid. Check it and try again.',
          }),
        )
      }
      request.session.regenerate()
      request.session.set('viewer', { kind: 'operator', tenant })
      request.log.info({ tenant }, 'pages: operator signed in')
      return seeOther(reply, next)
    },
  )

  app.post(
    '/sign-out',
    { config: publicRoute, schema: { hide: true, body: Form } },
    async (request, reply) => {
      request.session.delete()
      return seeOther(reply, '/app/sign-in')
    },
  )

  app.get(
    '/portal/*',
    { config: publicRoute, logLevel: quiet, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const checked = kit.tokens.verify(request.params['*'] ?? '')
      const ctx = pageContext(request, reply, kit)
      if (!checked.ok) return sendPage(reply, 410, errorPage(ctx, LINK_REFUSED))
      const expiresAt = formatInstant(new Date(checked.claims.expiresAt).toISOString())
      return sendPage(reply, 200, portalLandingPage(ctx, { token: request.params['*'] ?? '', expiresAt }))
    },
  )

  app.post(
    '/portal/*',
    { config: publicRoute, logLevel: quiet, schema: { hide: true, params: TokenParams, body: Form } },
    async (request, reply) => {
      const checked = kit.tokens.verify(request.params['*'] ?? '')
      const claimed =
        checked.ok &&
        (await kit.ports.claimPortalToken(
          checked.claims.tokenId,
          new Date(checked.claims.expiresAt).toISOString(),
        ))
      if (!checked.ok || !claimed) {
        return sendPage(reply, 410, errorPage(pageContext(request, reply, kit), LINK_REFUSED))
      }
      const { tenant, companyId } = checked.claims
      request.session.regenerate()
      request.session.set('viewer', {
        kind: 'portal',
        tenant,
        companyId,
        expiresAt: kit.now() + kit.portalSessionMs,
      })
      return seeOther(reply, appPath('companies', companyId))
    },
  )
}
