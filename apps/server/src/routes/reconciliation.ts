import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ReconciliationService } from '../accounts/reconciliation.js'
import type { CompanyRepository } from '../companies/repository.js'
import {
  ExceptionsQuery,
  ExceptionsReply,
  OperatorBody,
  OperatorHeaders,
  ReconciliationQuery,
  ReconciliationReply,
  RollupReply,
  SeriesReply,
  SettingsBody,
} from '../http/reconciliation-schemas.js'
import { AccountParams, CompanyParams, ErrorResponses, TransactionParams } from '../http/schemas.js'

/** What the reconciliation routes use. */
export interface ReconciliationRoutesPorts {
  readonly companies: Pick<CompanyRepository, 'accountForTenant' | 'forTenant'>
  readonly reconciliation: ReconciliationService
}

const security = [{ bearer: [] }]
const tags = ['reconciliation']

/** Who acts: the `X-Operator` header when given, else the API key's tenant. */
function actor(request: { tenant: string; headers: { 'x-operator'?: string | undefined } }): string {
  return request.headers['x-operator'] ?? request.tenant
}

const LINE_ACTIONS = [
  {
    path: 'redate',
    method: 'redate',
    summary: 'Push a line QuickBooks refuses for its date on the earliest day it accepts',
    description:
      'For a line quarantined as `before_feed_start`, `older_than_destination` or `outside_historic_window`: ' +
      'the next push sends it dated on the earliest day QuickBooks accepts (never before the feed start date, ' +
      'never before the newest day QuickBooks holds, inside its historic window), with " (bank date …)" ' +
      'appended to its description. Answers the report after the action.',
  },
  {
    path: 'dismiss',
    method: 'dismiss',
    summary: 'Accept that a line will not be pushed; it stays in the report as `dismissed`',
    description:
      'Any cleared line not pushed nor in flight (a pending one is `not_dismissable`). Answers the report after the action.',
  },
  {
    path: 'accept-balance',
    method: 'acceptBalance',
    summary: "Accept the bank's balance after a line held as `balance_mismatch`",
    description:
      "Records the gap between the bank's balance and the computed one; that line and every later one flow again. " +
      'Answers the report after the action (the gap in `bank.acceptedGaps`).',
  },
] as const

/**
 * The reconciliation API: the account report and its series, the company rollup, the tenant's
 * exceptions, the actions on a stuck line (redate, dismiss, accept-balance) and the account's
 * `latePostings` setting. Another tenant's ids answer 404; bad input is refused by the schemas
 * before anything is read or stored.
 */
export const reconciliationRoutes: FastifyPluginAsyncTypebox<{ ports: ReconciliationRoutesPorts }> = async (
  app,
  { ports },
) => {
  const { companies, reconciliation } = ports

  app.get(
    '/v1/companies/:companyId/accounts/:accountId/reconciliation',
    {
      schema: {
        summary: "The bank's ledger against what QuickBooks holds, every difference explained",
        description:
          '`difference` = `bank.balance` − `destination.balance`, and every line behind it is in `items` with its ' +
          'reason and the actions that move it on; `unexplained` is always zero. `asOf` counts lines by their bank date.',
        tags,
        security,
        params: AccountParams,
        querystring: ReconciliationQuery,
        response: { 200: ReconciliationReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      return reconciliation.report(companyId, accountId, { asOf: request.query.asOf })
    },
  )

  app.get(
    '/v1/companies/:companyId/accounts/:accountId/reconciliation/series',
    {
      schema: {
        summary: "Both balances at the end of every day of the account's transactions",
        tags,
        security,
        params: AccountParams,
        response: { 200: SeriesReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      return { results: await reconciliation.series(companyId, accountId) }
    },
  )

  for (const a of LINE_ACTIONS) {
    app.post(
      `/v1/companies/:companyId/accounts/:accountId/transactions/:transactionId/${a.path}`,
      {
        schema: {
          summary: a.summary,
          description: `${a.description} Who acts is the \`X-Operator\` header, else the API key's tenant.`,
          tags,
          security,
          params: TransactionParams,
          headers: OperatorHeaders,
          body: OperatorBody,
          response: { 200: ReconciliationReply, ...ErrorResponses },
        },
      },
      async (request) => {
        const { companyId, accountId, transactionId } = request.params
        await companies.accountForTenant(request.tenant, companyId, accountId)
        const action = { note: request.body.note, by: actor(request) }
        return reconciliation[a.method](companyId, accountId, transactionId, action)
      },
    )
  }

  app.patch(
    '/v1/companies/:companyId/accounts/:accountId/settings',
    {
      schema: {
        summary: "Change the account's settings (`latePostings`)",
        description:
          '`latePostings: "redate"` pushes every line QuickBooks refuses for its date on the earliest day it ' +
          'accepts; `"quarantine"` (the default) keeps them for an operator. Answers the report after the change.',
        tags,
        security,
        params: AccountParams,
        headers: OperatorHeaders,
        body: SettingsBody,
        response: { 200: ReconciliationReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId, accountId } = request.params
      await companies.accountForTenant(request.tenant, companyId, accountId)
      const { latePostings, note } = request.body
      return reconciliation.changeSettings(companyId, accountId, { latePostings, note, by: actor(request) })
    },
  )

  app.get(
    '/v1/companies/:companyId/reconciliation',
    {
      schema: {
        summary: 'Every account of the company: its difference, items and oldest stuck line',
        tags,
        security,
        params: CompanyParams,
        response: { 200: RollupReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { companyId } = request.params
      await companies.forTenant(request.tenant, companyId)
      return reconciliation.companyRollup(companyId)
    },
  )

  app.get(
    '/v1/reconciliation',
    {
      schema: {
        summary: 'Every account of yours with a difference or a stuck line, the oldest stuck first',
        description:
          'Without `stuckForMinutes`: every account whose difference is not zero or with a held or quarantined ' +
          'line. With it: only accounts whose oldest held or quarantined line is at least that old (counted ' +
          'from the start of its bank day). `state` keeps accounts with an item in that state (and counts only those).',
        tags,
        security,
        querystring: ExceptionsQuery,
        response: { 200: ExceptionsReply, ...ErrorResponses },
      },
    },
    async (request) => {
      const { accounts } = await reconciliation.exceptions(request.tenant, request.query)
      return { results: accounts }
    },
  )
}
