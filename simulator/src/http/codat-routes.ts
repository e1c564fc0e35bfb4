import * as companies from '../codat/companies.js'
import * as connections from '../codat/connections.js'
import type { Ctx, SimResponse } from '../codat/context.js'
import * as credentials from '../codat/credentials.js'
import * as legacy from '../codat/legacy.js'
import { createBankTransactions } from '../codat/push/create-bank-transactions.js'
import * as operations from '../codat/push/operations.js'
import type { Caller, Needs, Scopes } from '../codat/scope.js'
import * as mapping from '../codat/source-accounts/mapping.js'
import * as accounts from '../codat/source-accounts/source-accounts.js'
import { updateSourceAccount } from '../codat/source-accounts/update.js'
import type { FaultRec } from '../codat/state.js'
import * as stubs from '../codat/stubs.js'
import type { ListQuery } from '../kernel/paging.js'
import type { RoutePattern } from './request.js'

/** Codat operationIds the simulator serves (`current` from Codat-Bank-Feeds.json, `2023` from the 2023-08 document). */
export const OPERATION_IDS = [
  'create-company',
  'list-companies',
  'get-company',
  'delete-company',
  'replace-company',
  'update-company',
  'get-company-access-token',
  'list-connections',
  'create-connection',
  'get-connection',
  'delete-connection',
  'unlink-connection',
  'list-bank-accounts',
  'get-create-bankAccounts-model',
  'create-bank-account',
  'create-batch-source-account',
  'generate-credentials',
  'delete-bank-feed-credentials',
  'create-source-account',
  'list-source-accounts',
  'put-bank-feed',
  'update-source-account',
  'delete-source-account',
  'get-bank-account-mapping',
  'create-bank-account-mapping',
  'get-company-information',
  'generate-otp',
  'create-bank-transactions',
  'get-create-bank-transactions-model',
  'get-create-operation',
  'list-create-operations',
  'get-latest-managed-bank-feed-sync',
  'get-managed-bank-feed-sync',
  'run-managed-bank-feed-ad-hoc-sync',
  'proxy',
  'list-bank-account-transactions',
] as const

/** One Codat operationId the simulator serves. */
export type CodatOperationId = (typeof OPERATION_IDS)[number]

/** What a route receives besides what it `needs`. */
export interface RouteInput {
  tenant: string
  caller: Caller
  params: Record<string, string>
  query: ListQuery
  body: unknown
  /** The injected fault drawn for this call that lets it through (latency, `stuck`), if any. */
  fault?: FaultRec
}

/** A route's handler, given the records it needs already resolved (see `codat/scope.ts`). */
export type RouteHandler<N extends Needs> = (ctx: Ctx, r: RouteInput & Scopes[N]) => SimResponse

/** One Codat operation: what it needs resolved from its path, and its handler. */
export interface CodatRoute {
  operationId: CodatOperationId
  /** `current` = Codat-Bank-Feeds.json; `2023` = Codat-Bank-Feeds-2023-08.json (§10). */
  surface: 'current' | '2023'
  /** The request body is not read (any bytes, or none, are accepted). */
  ignoresBody?: boolean
  /** Resolved before `run`, in order company → connection → account: 404/403 answer before the handler. */
  needs: Needs
  run: RouteHandler<'account'>
}

const C = '/companies/{companyId}/connections/{connectionId}'
const FEEDS = `${C}/connectionInfo/bankFeedAccounts`
const SYNCS = `${C}/bankFeedAccounts/{accountId}/managedBankFeeds/syncs`

function route<N extends Needs>(
  method: string,
  path: string,
  operationId: CodatOperationId,
  needs: N,
  run: RouteHandler<N>,
  extra: Partial<Pick<CodatRoute, 'surface' | 'ignoresBody'>> = {},
): RoutePattern<CodatRoute> {
  return {
    method,
    path,
    value: { operationId, surface: 'current', needs, run: run as RouteHandler<'account'>, ...extra },
  }
}

const notSupported =
  (what: string): RouteHandler<'connection'> =>
  (x, r) =>
    stubs.notSupported(x, r.connection, what)

/** Every Codat path the simulator serves, in one place; specific paths come before `{param}` ones. */
export const CODAT_ROUTES: RoutePattern<CodatRoute>[] = [
  route('POST', '/companies', 'create-company', 'tenant', (x, r) =>
    companies.createCompany(x, r.tenant, r.body),
  ),
  route('GET', '/companies', 'list-companies', 'tenant', (x, r) =>
    companies.listCompanies(x, r.tenant, r.query),
  ),
  route('GET', '/companies/{companyId}', 'get-company', 'company', (x, r) =>
    companies.getCompany(x, r.company),
  ),
  route('DELETE', '/companies/{companyId}', 'delete-company', 'company', (x, r) =>
    companies.deleteCompany(x, r.company),
  ),
  route('PUT', '/companies/{companyId}', 'replace-company', 'company', (x, r) =>
    companies.replaceCompany(x, r.company, r.body),
  ),
  route('PATCH', '/companies/{companyId}', 'update-company', 'company', (x, r) =>
    companies.updateCompany(x, r.company, r.body),
  ),
  route('GET', '/companies/{companyId}/accessToken', 'get-company-access-token', 'company', (x) =>
    companies.getAccessToken(x),
  ),
  route('GET', '/companies/{companyId}/connections', 'list-connections', 'company', (x, r) =>
    connections.listConnections(x, r.company, r.query),
  ),
  route('POST', '/companies/{companyId}/connections', 'create-connection', 'company', (x, r) =>
    connections.createConnection(x, r.company, r.body),
  ),
  route('GET', C, 'get-connection', 'connection', (x, r) => connections.getConnection(x, r.connection)),
  route('DELETE', C, 'delete-connection', 'connection', (x, r) =>
    connections.deleteConnection(x, r.company, r.connection),
  ),
  route('PATCH', C, 'unlink-connection', 'connection', (x, r) =>
    connections.unlinkConnection(x, r.connection, r.body),
  ),
  route('GET', `${C}/data/bankAccounts`, 'list-bank-accounts', 'connection', (x, r) =>
    stubs.listBankAccounts(x, r.connection, r.query),
  ),
  route('GET', `${C}/options/bankAccounts`, 'get-create-bankAccounts-model', 'connection', (x, r) =>
    stubs.bankAccountsModel(x, r.connection),
  ),
  route(
    'POST',
    `${C}/push/bankAccounts`,
    'create-bank-account',
    'connection',
    notSupported('Creating bank accounts'),
  ),
  route('POST', `${FEEDS}/batch`, 'create-batch-source-account', 'connection', (x, r) =>
    accounts.createSourceAccountBatch(x, r.connection, r.body),
  ),
  route(
    'POST',
    `${FEEDS}/credentials`,
    'generate-credentials',
    'connection',
    (x, r) => credentials.generateCredentials(x, r.connection),
    { ignoresBody: true },
  ),
  route('DELETE', `${FEEDS}/credentials`, 'delete-bank-feed-credentials', 'connection', (x, r) =>
    credentials.deleteCredentials(x, r.connection),
  ),
  route('POST', FEEDS, 'create-source-account', 'connection', (x, r) =>
    accounts.createSourceAccount(x, r.connection, r.body),
  ),
  route('GET', FEEDS, 'list-source-accounts', 'connection', (x, r) =>
    accounts.listSourceAccounts(x, r.connection),
  ),
  route(
    'PUT',
    FEEDS,
    'put-bank-feed',
    'connection',
    (x, r) => legacy.putBankFeedAccounts(x, r.connection, r.body),
    {
      surface: '2023',
    },
  ),
  route('PATCH', `${FEEDS}/{accountId}`, 'update-source-account', 'account', (x, r) =>
    updateSourceAccount(x, r.connection, r.account, r.body),
  ),
  route('DELETE', `${FEEDS}/{accountId}`, 'delete-source-account', 'account', (x, r) =>
    accounts.deleteSourceAccount(x, r.connection, r.account),
  ),
  route('GET', `${C}/bankFeedAccounts/mapping`, 'get-bank-account-mapping', 'connection', (x, r) =>
    mapping.getMapping(x, r.connection),
  ),
  route('POST', `${C}/bankFeedAccounts/mapping`, 'create-bank-account-mapping', 'connection', (x, r) =>
    mapping.createMapping(x, r.connection, r.body),
  ),
  route('GET', `${C}/bankFeeds/info`, 'get-company-information', 'connection', (x, r) =>
    stubs.companyInformation(x, r.connection),
  ),
  route('POST', `${C}/bankFeeds/otp`, 'generate-otp', 'connection', (x, r) =>
    stubs.generateOtp(x, r.connection),
  ),
  route(
    'POST',
    `${C}/push/bankAccounts/{accountId}/bankTransactions`,
    'create-bank-transactions',
    'account',
    (x, r) => createBankTransactions(x, r.connection, r.account, r.query, r.body, r.fault?.stuck === true),
  ),
  route(
    'GET',
    `${C}/options/bankAccounts/{accountId}/bankTransactions`,
    'get-create-bank-transactions-model',
    'account',
    (x, r) => stubs.bankTransactionsModel(x, r.connection),
  ),
  route('GET', '/companies/{companyId}/push/{pushOperationKey}', 'get-create-operation', 'company', (x, r) =>
    operations.getCreateOperation(x, r.company, r.params.pushOperationKey as string),
  ),
  route('GET', '/companies/{companyId}/push', 'list-create-operations', 'company', (x, r) =>
    operations.listCreateOperations(x, r.company, r.query),
  ),
  route('GET', `${SYNCS}/latest`, 'get-latest-managed-bank-feed-sync', 'account', () =>
    stubs.latestManagedSync(),
  ),
  route('GET', `${SYNCS}/{syncId}`, 'get-managed-bank-feed-sync', 'account', (x) => stubs.getManagedSync(x)),
  route('POST', SYNCS, 'run-managed-bank-feed-ad-hoc-sync', 'connection', notSupported('Managed bank feeds')),
  route('GET', `${C}/data/proxy`, 'proxy', 'connection', (x, r) => legacy.proxy(x, r.connection, r.query), {
    surface: '2023',
  }),
  route(
    'GET',
    `${C}/data/bankAccounts/{accountId}/bankTransactions`,
    'list-bank-account-transactions',
    'account',
    (x, r) => legacy.listBankTransactions(x, r.connection, r.account, r.query),
    { surface: '2023' },
  ),
]
