import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ConnectionFilter, ConnectionSummary } from '../codat/connection-list.js'
import type { Simulator } from '../simulator.js'
import { html, page } from './html.js'
import { type LinkPageModel, nameField, renderLinkPage } from './link-page.js'
import { type QboViewModel, renderQboViewPage } from './qbo-view-page.js'
import { SAGE_PAGES } from './sage-ledger-page.js'
import { sagePages } from './sage-pages.js'
import { XERO_PAGES } from './xero-consent-page.js'
import { xeroPages } from './xero-pages.js'

/** The simulator the pages read and drive. */
export interface PagesOptions {
  sim: Simulator
}

/** Paths of the pages, for links from elsewhere (README, CLI output). */
export const PAGE_PATHS = {
  index: '/_sim/pages',
  link: '/_sim/pages/link',
  qbo: '/_sim/pages/qbo',
  update: '/_sim/pages/qbo/update',
  /** The path part of a connection's `linkUrl`. */
  linkUrl: '/companies/:companyId/connections/:connectionId/start',
} as const

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const ids = {
  type: 'object',
  properties: {
    companyId: { type: 'string', maxLength: 200 },
    connectionId: { type: 'string', maxLength: 200 },
    otp: { type: 'string', maxLength: 20 },
    notice: { type: 'string', enum: ['linked', 'updated'] },
  },
} as const
interface Ids {
  companyId?: string
  connectionId?: string
  otp?: string
  notice?: 'linked' | 'updated'
}

type Body = { status: number; body?: unknown }
type ErrorBody = {
  error?: string
  validation?: { errors?: { itemId: string | null; message: string | null }[] | null } | null
}

/** The messages of a Codat-style error body, for a person. */
function messages(res: Body): string[] {
  const b = (res.body ?? {}) as ErrorBody
  const items = (b.validation?.errors ?? []).map((e) =>
    e.itemId ? `${e.itemId}: ${e.message}` : `${e.message}`,
  )
  if (items.length > 0) return items
  return [b.error ?? `HTTP ${res.status}`]
}

function send(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body)
}

function problem(reply: FastifyReply, status: number, title: string, detail: string) {
  return send(
    reply,
    status,
    page(
      title,
      html`<h1>${title}</h1><p class="error" role="alert">${detail}</p><p><a href="${PAGE_PATHS.index}">All companies</a></p>`,
    ),
  )
}

function form(request: FastifyRequest): URLSearchParams {
  return new URLSearchParams(typeof request.body === 'string' ? request.body : '')
}

/** The page links of one connection's row on the index, by its platform. */
function platformLinks(cn: ConnectionSummary) {
  const q = new URLSearchParams({ companyId: cn.companyId, connectionId: cn.connectionId }).toString()
  if (cn.platformKey === 'gbol') {
    return html`<td><a href="${XERO_PAGES.mapping}?${q}">Xero mapping</a></td><td><a href="${XERO_PAGES.index}">Xero organisations</a></td>`
  }
  if (cn.platformKey === 'olpr')
    return html`<td></td><td><a href="${SAGE_PAGES.index}">Sage businesses</a></td>`
  return html`<td><a href="${PAGE_PATHS.link}?${q}">link</a></td><td><a href="${viewUrl(cn.companyId, cn.connectionId)}">QBO view</a></td>`
}

const viewUrl = (companyId: string, connectionId: string, notice?: string) =>
  `${PAGE_PATHS.qbo}?${new URLSearchParams({ companyId, connectionId, ...(notice ? { notice } : {}) })}`

/**
 * Pages for a person, served by the simulator's own Fastify app (plain HTML, form POSTs, no scripts):
 * - `GET /_sim/pages`: companies and connections, with links to the two pages below;
 * - the QBO link page at a connection's `linkUrl` path (`/companies/{id}/connections/{id}/start?otp=`, the
 *   otp must be current) and at `/_sim/pages/link?companyId=&connectionId=`; Connect runs the same model
 *   action as `POST /_sim/qbo/link`;
 * - `GET /_sim/pages/qbo?companyId=&connectionId=`: what QBO shows per account, with an Update button.
 *
 * Authentication: a browser has no API key. The pages answer loopback clients only (403 otherwise), and a
 * POST whose `Origin` is another site is refused (403), so a web page cannot drive them. Linking needs the
 * one-time QBO credentials, as in QBO itself; the view needs no key (loopback is the boundary).
 */
export async function simulatorPages(app: FastifyInstance, opts: PagesOptions): Promise<void> {
  const { sim } = opts

  app.addHook('onRequest', async (request, reply) => {
    if (!LOOPBACK.has(request.ip)) {
      return problem(reply, 403, 'Forbidden', 'The simulator pages answer only on the loopback interface.')
    }
    const origin = request.headers.origin
    if (request.method === 'POST' && origin && origin !== 'null') {
      let host: string | undefined
      try {
        host = new URL(origin).host
      } catch {
        host = undefined
      }
      if (host !== request.headers.host)
        return problem(reply, 403, 'Forbidden', 'Cross-site form posts are refused.')
    }
  })

  // Read-only summaries from the control API (no deep copy of the whole state per view).
  const connections = (filter: ConnectionFilter = {}) =>
    sim.control.listConnections(filter).body as ConnectionSummary[]
  const connection = (companyId: string, connectionId: string) => connections({ companyId, connectionId })[0]
  const today = () => sim.now().toISOString().slice(0, 10)

  function linkModel(companyId: string, connectionId: string): LinkPageModel | undefined {
    const conn = connection(companyId, connectionId)
    if (!conn) return undefined
    return {
      companyId,
      companyName: conn.companyName,
      connectionId,
      connectionStatus: conn.status,
      accounts: conn.accounts.map((a) => ({
        id: a.id,
        accountName: a.accountName,
        accountNumber: a.accountNumber,
        currency: a.currency,
        status: a.status,
      })),
      today: today(),
      errors: [],
    }
  }

  function showLink(reply: FastifyReply, companyId?: string, connectionId?: string) {
    if (!companyId || !connectionId) {
      return problem(reply, 400, 'Which connection?', 'Open this page with ?companyId=...&connectionId=...')
    }
    const m = linkModel(companyId, connectionId)
    if (!m) return problem(reply, 404, 'Not found', `No connection ${connectionId} on company ${companyId}.`)
    return send(reply, 200, renderLinkPage(m))
  }

  app.get<{ Querystring: Ids }>(
    PAGE_PATHS.index,
    { schema: { querystring: ids } },
    async (_request, reply) => {
      const rows = connections().map(
        (
          cn,
        ) => html`<tr><td>${cn.companyName}</td><td><code>${cn.connectionId}</code></td><td>${cn.status}</td><td>${cn.accounts.length}</td>
${platformLinks(cn)}</tr>`,
      )
      return send(
        reply,
        200,
        page(
          'Simulator pages',
          html`<h1>Companies and connections</h1>
${rows.length ? html`<table><thead><tr><th>Company</th><th>Connection</th><th>Status</th><th>Accounts</th><th></th><th></th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No connections yet.</p>`}
<p><a href="${SAGE_PAGES.index}">Sage businesses</a> (Banking tab, Connect Bank)</p>
<p><a href="${XERO_PAGES.index}">Xero organisations</a> (consent at a Xero linkUrl, mapping, what Xero shows)</p>`,
        ),
      )
    },
  )

  app.get<{ Querystring: Ids }>(PAGE_PATHS.link, { schema: { querystring: ids } }, async (request, reply) =>
    showLink(reply, request.query.companyId, request.query.connectionId),
  )

  app.get<{ Params: { companyId: string; connectionId: string }; Querystring: Ids }>(
    PAGE_PATHS.linkUrl,
    { schema: { querystring: ids } },
    async (request, reply) => {
      const { companyId, connectionId } = request.params
      const conn = connection(companyId, connectionId)
      if (!conn)
        return problem(reply, 404, 'Not found', `No connection ${connectionId} on company ${companyId}.`)
      if (request.query.otp !== conn.otp || conn.otpExpiresAt <= sim.now().getTime()) {
        return problem(
          reply,
          401,
          'This link has expired',
          'The one-time link is no longer valid: get the connection again for a fresh linkUrl.',
        )
      }
      return showLink(reply, companyId, connectionId)
    },
  )

  app.post(PAGE_PATHS.link, async (request, reply) => {
    const f = form(request)
    const companyId = f.get('companyId') ?? ''
    const connectionId = f.get('connectionId') ?? ''
    const chosen = f.getAll('account')
    const names: Record<string, string> = {}
    for (const id of chosen) names[id] = f.get(nameField(id)) ?? ''
    const feedStartDate = f.get('feedStartDate') || undefined
    const res = sim.control.qboLink({
      companyId,
      connectionId,
      username: f.get('username') ?? '',
      password: f.get('password') ?? '',
      accounts: chosen.map((id) => ({ sourceAccountId: id, qboAccountName: names[id] })),
      ...(feedStartDate ? { feedStartDate } : {}),
    })
    if (res.status === 200) return reply.redirect(viewUrl(companyId, connectionId, 'linked'), 303)
    const m = linkModel(companyId, connectionId)
    if (!m) return problem(reply, res.status, 'Could not connect', messages(res).join(' '))
    m.errors = messages(res)
    m.entered = { username: f.get('username') ?? '', feedStartDate, chosen, names }
    return send(reply, res.status, renderLinkPage(m))
  })

  app.get<{ Querystring: Ids }>(PAGE_PATHS.qbo, { schema: { querystring: ids } }, async (request, reply) => {
    const { companyId, connectionId, notice } = request.query
    if (!companyId || !connectionId) {
      return problem(reply, 400, 'Which connection?', 'Open this page with ?companyId=...&connectionId=...')
    }
    const res = sim.control.qboAccounts(companyId, connectionId)
    if (res.status !== 200) return problem(reply, res.status, 'Not found', messages(res).join(' '))
    const text =
      notice === 'linked'
        ? 'Connected. QuickBooks shows its two test lines now and pulls the bank feed daily.'
        : notice === 'updated'
          ? 'Updated: QuickBooks fetched every waiting line.'
          : undefined
    const view = res.body as QboViewModel
    // Names and currencies from the connection list: the view shows names, amounts in their decimals.
    const conn = connection(companyId, connectionId)
    const named: QboViewModel = {
      ...view,
      ...(conn ? { companyName: conn.companyName } : {}),
      accounts: view.accounts.map((a) => {
        const source = conn?.accounts.find((x) => x.id === a.sourceAccountId)
        return source
          ? {
              ...a,
              accountName: source.accountName,
              accountNumber: source.accountNumber,
              currency: source.currency,
            }
          : a
      }),
    }
    return send(reply, 200, renderQboViewPage(named, sim.now().toISOString(), text))
  })

  app.post(PAGE_PATHS.update, async (request, reply) => {
    const f = form(request)
    const companyId = f.get('companyId') ?? ''
    const connectionId = f.get('connectionId') ?? ''
    const res = sim.control.qboUpdate({ companyId, connectionId })
    if (res.status !== 200) return problem(reply, res.status, 'Update failed', messages(res).join(' '))
    return reply.redirect(viewUrl(companyId, connectionId, 'updated'), 303)
  })

  await sagePages(app, { sim })
  await xeroPages(app, { sim })
}
