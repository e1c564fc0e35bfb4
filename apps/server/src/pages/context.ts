import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SafeHtml } from './html.js'
import type { Flash, PageContext, Viewer } from './layout.js'
import type { PortalTokens } from './portal-tokens.js'
import type { PagesPorts } from './ports.js'

declare module '@fastify/secure-session' {
  interface SessionData {
    viewer: Viewer
    flash: Flash
    _csrf: string
  }
}

/** Who may open a route: anyone, an operator or a portal session of the route's company, operators only. */
export type Access = 'public' | 'smb' | 'operator'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Checked by the pages' guard before the handler (default `operator`). */
    access?: Access
    /** A portal session opening this operator route is sent to its company's page instead. */
    portalHome?: boolean
  }
}

/** What every route module of the pages gets. */
export interface PagesKit {
  readonly ports: PagesPorts
  readonly tokens: PortalTokens
  readonly bankName: string
  readonly now: () => number
  /** How long a portal session lasts after its link is opened. */
  readonly portalSessionMs: number
}

function isViewer(value: unknown): value is Viewer {
  if (typeof value !== 'object' || value === null) return false
  const v: { kind?: unknown; tenant?: unknown; companyId?: unknown; expiresAt?: unknown } = value
  if (typeof v.tenant !== 'string') return false
  if (v.kind === 'operator') return true
  return v.kind === 'portal' && typeof v.companyId === 'string' && typeof v.expiresAt === 'number'
}

/** The session's viewer, if any (the session cookie is encrypted and authenticated by secure-session). */
export function viewerOf(request: FastifyRequest): Viewer | undefined {
  const v: unknown = request.session.get('viewer')
  return isViewer(v) ? v : undefined
}

/** The tenant of the signed-in viewer; the guard runs first, so a handler always has one. */
export function tenantOf(request: FastifyRequest): string {
  const v = viewerOf(request)
  if (v === undefined) throw new Error('pages: a guarded route ran without a viewer')
  return v.tenant
}

/** Leaves a message for the next page. */
export function setFlash(request: FastifyRequest, flash: Flash): void {
  request.session.set('flash', flash)
}

/** The context of one page: viewer, CSRF token, the flash (read once). */
export function pageContext(request: FastifyRequest, reply: FastifyReply, kit: PagesKit): PageContext {
  const flash = request.session.get('flash')
  if (flash !== undefined) request.session.set('flash', undefined)
  return {
    viewer: viewerOf(request),
    csrf: reply.generateCsrf(),
    bankName: kit.bankName,
    flash: flash === undefined ? undefined : { tone: flash.tone, text: String(flash.text) },
  }
}

/** Sends a page: HTML, never cached (pages show financial data and one-time credentials). */
export function sendPage(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page.value)
}

/** A redirect after a POST (303: the browser follows with GET). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.status(303).header('cache-control', 'no-store').redirect(location, 303)
}

/** Keeps a sign-in `next` inside the app (no open redirect): a path under `/app`, else `/app`. */
export function safeNext(next: string | undefined): string {
  if (next === undefined || !next.startsWith('/app') || next.startsWith('//') || /[\\\r\n]/.test(next))
    return '/app'
  if (next.startsWith('/app/sign-') || next.startsWith('/app/portal/')) return '/app'
  return next.slice(0, 500)
}
