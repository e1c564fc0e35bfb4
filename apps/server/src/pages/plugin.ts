import { randomBytes } from 'node:crypto'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import secureSession from '@fastify/secure-session'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { SCRIPT } from './assets/script.js'
import { STYLESHEET } from './assets/style.js'
import { type Access, type PagesKit, pageContext, seeOther, sendPage, viewerOf } from './context.js'
import { appPath } from './html.js'
import { classifyFailure, NOT_FOUND, type PageFailure } from './page-errors.js'
import type { PortalTokens } from './portal-tokens.js'
import type { PagesPorts } from './ports.js'
import { accountRoutes } from './routes/account-routes.js'
import { authRoutes } from './routes/auth-routes.js'
import { companyRoutes } from './routes/company-routes.js'
import { linkRoutes } from './routes/link-routes.js'
import { operatorRoutes } from './routes/operator-routes.js'
import { reconciliationRoutes } from './routes/reconciliation-routes.js'
import { errorPage } from './views/auth-views.js'

/** How the web app is built. */
export interface PagesPluginOptions {
  readonly ports: PagesPorts
  /** The same instance (or secret) the `/v1` portal-sessions route issues with. */
  readonly tokens: PortalTokens
  /**
   * The session cookie's key: 32 bytes (a Buffer or base64). Give every process the same key; when
   * absent one is generated at start and sessions end with the process.
   */
  readonly sessionKey?: string | Buffer
  /** `auto` (default): `Secure` cookies when the request came over https (trustProxy decides). */
  readonly secureCookies?: boolean | 'auto'
  /** The bank's name in the header and the QBO steps. */
  readonly bankName?: string
  /** Epoch ms (tests move it); default `Date.now`. */
  readonly now?: () => number
  readonly operatorSessionHours?: number
  readonly portalSessionMinutes?: number
}

function sessionKeyOf(key: string | Buffer | undefined): Buffer {
  if (key === undefined) return randomBytes(32)
  const buf = typeof key === 'string' ? Buffer.from(key, 'base64') : key
  if (buf.length !== 32) throw new Error('pages: sessionKey must be 32 bytes (base64 of 32 random bytes).')
  return buf
}

function paramOf(params: unknown, name: string): string | undefined {
  if (typeof params !== 'object' || params === null || !(name in params)) return undefined
  const v: unknown = (params as Record<string, unknown>)[name]
  return typeof v === 'string' ? v : undefined
}

async function showFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  kit: PagesKit,
  failure: PageFailure,
): Promise<FastifyReply> {
  return sendPage(reply, failure.status, errorPage(pageContext(request, reply, kit), failure))
}

/** Who may see the route; answers the refusal itself (redirect to sign-in, or a 404 page). */
async function guard(
  request: FastifyRequest,
  reply: FastifyReply,
  kit: PagesKit,
): Promise<FastifyReply | undefined> {
  if (request.is404) return undefined
  // No id holds a NUL (the database cannot even compare one): such an address is simply not found.
  if (typeof request.params === 'object' && request.params !== null) {
    for (const v of Object.values(request.params)) {
      if (typeof v === 'string' && v.includes('\u0000')) return showFailure(request, reply, kit, NOT_FOUND)
    }
  }
  const access: Access = request.routeOptions.config.access ?? 'operator'
  if (access === 'public') return undefined
  const viewer = viewerOf(request)
  if (viewer === undefined) {
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
    return seeOther(reply, `/app/sign-in${next}`)
  }
  if (viewer.kind === 'operator') return undefined
  if (viewer.expiresAt <= kit.now()) {
    request.session.set('viewer', undefined)
    return showFailure(request, reply, kit, {
      status: 401,
      title: 'Your link has expired',
      message: 'For your safety the session ended. Ask your bank for a new link.',
      log: false,
    })
  }
  if (access === 'operator') {
    if (request.routeOptions.config.portalHome === true) {
      return seeOther(reply, appPath('companies', viewer.companyId))
    }
    return showFailure(request, reply, kit, NOT_FOUND)
  }
  if (paramOf(request.params, 'companyId') !== viewer.companyId)
    return showFailure(request, reply, kit, NOT_FOUND)
  return undefined
}

async function appScope(app: FastifyInstance, opts: PagesPluginOptions & { kit: PagesKit }): Promise<void> {
  const { kit } = opts
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  })
  await app.register(formbody, { bodyLimit: 256 * 1024 })
  await app.register(secureSession, {
    key: sessionKeyOf(opts.sessionKey),
    cookieName: 'feedsync_session',
    expiry: Math.round((opts.operatorSessionHours ?? 8) * 3600),
    cookie: {
      path: '/app',
      httpOnly: true,
      sameSite: 'lax',
      ...(opts.secureCookies === true ? { secure: true } : {}),
    },
  })
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' })

  if ((opts.secureCookies ?? 'auto') === 'auto') {
    app.addHook('onRequest', async (request) => {
      if (request.protocol === 'https') request.session.options({ secure: true })
    })
  }
  app.addHook('preValidation', async (request, reply) => guard(request, reply, kit))
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.is404) return done()
    app.csrfProtection(request, reply, done)
  })

  app.setErrorHandler(async (error, request, reply) => {
    const failure = classifyFailure(error)
    if (failure.log) request.log.error({ err: error }, 'page failed')
    return showFailure(request, reply, kit, failure)
  })
  app.setNotFoundHandler(async (request, reply) => showFailure(request, reply, kit, NOT_FOUND))

  const assetConfig = { config: { access: 'public' as const }, schema: { hide: true } }
  app.get('/assets/style.css', assetConfig, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  )
  app.get('/assets/app.js', assetConfig, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
  )

  await app.register(authRoutes, { kit })
  await app.register(operatorRoutes, { kit })
  await app.register(companyRoutes, { kit })
  await app.register(linkRoutes, { kit })
  await app.register(accountRoutes, { kit })
  if (kit.ports.reconciliation !== undefined) await app.register(reconciliationRoutes, { kit })
}

/**
 * The bank's web app under `/app` (and `/` → `/app`), an encapsulated plugin that depends only on
 * {@link PagesPorts}: sign-in with a tenant API key into an encrypted, HTTP-only, SameSite=Lax
 * session cookie; CSRF on every form; helmet headers with a CSP of 'self' only; portal links for
 * SMBs; HTML error pages (never JSON, never a 500 for anything a person can type).
 *
 * @example
 * const tokens = createPortalTokens({ secret: config.pages.portalSecret })
 * const ports = createPagesAdapters(services, config.apiKeys)
 * await app.register(pagesPlugin, { ports, tokens, sessionKey: config.pages.sessionKey })
 */
export const pagesPlugin: FastifyPluginAsync<PagesPluginOptions> = async (app, opts) => {
  const kit: PagesKit = {
    ports: opts.ports,
    tokens: opts.tokens,
    bankName: opts.bankName ?? 'Your bank',
    now: opts.now ?? Date.now,
    portalSessionMs: (opts.portalSessionMinutes ?? 60) * 60_000,
  }
  if (opts.sessionKey === undefined) {
    app.log.warn(
      'pages: no session key configured (FEEDSYNC_SESSION_KEY); one was generated, so sessions end when this process stops',
    )
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app', 302))
  await app.register(appScope, { ...opts, kit, prefix: '/app' })
}
