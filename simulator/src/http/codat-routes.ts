import * as companies from '../model/companies.js'
import * as connections from '../model/connections.js'
import type { Ctx, SimResponse } from '../model/context.js'
import * as credentials from '../model/credentials.js'
import * as legacy from '../model/legacy.js'
import type { Caller } from '../model/lookup.js'
import type { ListQuery } from '../model/paging.js'
import * as push from '../model/push-operations.js'
import * as accounts from '../model/source-accounts.js'
import * as stubs from '../model/stubs.js'
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

export type CodatOperationId = (typeof OPERATION_IDS)[number]

export interface RouteInput {
  tenant: string
  caller: Caller
  params: Record<string, string>
  query: ListQuery
  body: unknown
}

export interface CodatRoute {
  operationId: CodatOperationId
  /** `current` = Codat-Bank-Feeds.json; `2023` = Codat-Bank-Feeds-2023-08.json (§10). */
  surface: 'current' | '2023'
  /** The request body is not read (any bytes, or none, are accepted). */
  ignoresBody?: boolean
  run: (ctx: Ctx, r: RouteInput) => SimResponse
}

const C = '/companies/{companyId}/connections/{connectionId}'
type P = Record<string, string>
const co = (p: P) => p.companyId as string
const cn = (p: P) => p.connectionId as string
const ac = (p: P) => p.accountId as string

function route(
  method: string,
  path: string,
  operationId: CodatOperationId,
  run: CodatRoute['run'],
  extra: Partial<Pick<CodatRoute, 'surface' | 'ignoresBody'>> = {},
): RoutePattern<CodatRoute> {
  return { method, path, value: { operationId, surface: 'current', run, ...extra } }
}

/** Every Codat path the simulator serves, in one place; specific paths come before `{param}` ones. */
export const CODAT_ROUTES: RoutePattern<CodatRoute>[] = [
  route('POST', '/companies', 'create-company', (x, r) => companies.createCompany(x, r.tenant, r.body)),
  route('GET', '/companies', 'list-companies', (x, r) => companies.listCompanies(x, r.tenant, r.query)),
  route('GET', '/companies/{companyId}', 'get-company', (x, r) =>
    companies.getCompanyOp(x, r.caller, co(r.params)),
  ),
  route('DELETE', '/companies/{companyId}', 'delete-company', (x, r) =>
    companies.deleteCompany(x, r.caller, co(r.params)),
  ),
  route('PUT', '/companies/{companyId}', 'replace-company', (x, r) =>
    companies.replaceCompany(x, r.caller, co(r.params), r.body),
  ),
  route('PATCH', '/companies/{companyId}', 'update-company', (x, r) =>
    companies.updateCompany(x, r.caller, co(r.params), r.body),
  ),
  route('GET', '/companies/{companyId}/accessToken', 'get-company-access-token', (x, r) =>
    companies.getAccessToken(x, r.caller, co(r.params)),
  ),
  route('GET', '/companies/{companyId}/connections', 'list-connections', (x, r) =>
    connections.listConnections(x, r.caller, co(r.params), r.query),
  ),
  route('POST', '/companies/{companyId}/connections', 'create-connection', (x, r) =>
    connections.createConnection(x, r.caller, co(r.params), r.body),
  ),
  route('GET', C, 'get-connection', (x, r) =>
    connections.getConnectionOp(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('DELETE', C, 'delete-connection', (x, r) =>
    connections.deleteConnection(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('PATCH', C, 'unlink-connection', (x, r) =>
    connections.unlinkConnection(x, r.caller, co(r.params), cn(r.params), r.body),
  ),
  route('GET', `${C}/data/bankAccounts`, 'list-bank-accounts', (x, r) =>
    stubs.listBankAccounts(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('GET', `${C}/options/bankAccounts`, 'get-create-bankAccounts-model', (x, r) =>
    stubs.bankAccountsModel(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('POST', `${C}/push/bankAccounts`, 'create-bank-account', (x, r) =>
    stubs.notForQbo(x, r.caller, co(r.params), cn(r.params), 'Creating bank accounts'),
  ),
  route('POST', `${C}/connectionInfo/bankFeedAccounts/batch`, 'create-batch-source-account', (x, r) =>
    accounts.createSourceAccountBatch(x, r.caller, co(r.params), cn(r.params), r.body),
  ),
  route(
    'POST',
    `${C}/connectionInfo/bankFeedAccounts/credentials`,
    'generate-credentials',
    (x, r) => credentials.generateCredentials(x, r.caller, co(r.params), cn(r.params)),
    { ignoresBody: true },
  ),
  route(
    'DELETE',
    `${C}/connectionInfo/bankFeedAccounts/credentials`,
    'delete-bank-feed-credentials',
    (x, r) => credentials.deleteCredentials(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('POST', `${C}/connectionInfo/bankFeedAccounts`, 'create-source-account', (x, r) =>
    accounts.createSourceAccount(x, r.caller, co(r.params), cn(r.params), r.body),
  ),
  route('GET', `${C}/connectionInfo/bankFeedAccounts`, 'list-source-accounts', (x, r) =>
    accounts.listSourceAccounts(x, r.caller, co(r.params), cn(r.params)),
  ),
  route(
    'PUT',
    `${C}/connectionInfo/bankFeedAccounts`,
    'put-bank-feed',
    (x, r) => legacy.putBankFeedAccounts(x, r.caller, co(r.params), cn(r.params), r.body),
    { surface: '2023' },
  ),
  route('PATCH', `${C}/connectionInfo/bankFeedAccounts/{accountId}`, 'update-source-account', (x, r) =>
    accounts.updateSourceAccount(x, r.caller, co(r.params), cn(r.params), ac(r.params), r.body),
  ),
  route('DELETE', `${C}/connectionInfo/bankFeedAccounts/{accountId}`, 'delete-source-account', (x, r) =>
    accounts.deleteSourceAccount(x, r.caller, co(r.params), cn(r.params), ac(r.params)),
  ),
  route('GET', `${C}/bankFeedAccounts/mapping`, 'get-bank-account-mapping', (x, r) =>
    accounts.getMapping(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('POST', `${C}/bankFeedAccounts/mapping`, 'create-bank-account-mapping', (x, r) =>
    accounts.createMapping(x, r.caller, co(r.params), cn(r.params)),
  ),
  route('GET', `${C}/bankFeeds/info`, 'get-company-information', (x, r) =>
    stubs.notForQbo(x, r.caller, co(r.params), cn(r.params), 'Company information'),
  ),
  route('POST', `${C}/bankFeeds/otp`, 'generate-otp', (x, r) =>
    stubs.notForQbo(x, r.caller, co(r.params), cn(r.params), 'Generating a one-time password'),
  ),
  route('POST', `${C}/push/bankAccounts/{accountId}/bankTransactions`, 'create-bank-transactions', (x, r) =>
    push.createBankTransactions(
      x,
      r.caller,
      { companyId: co(r.params), connectionId: cn(r.params), accountId: ac(r.params) },
      r.query,
      r.body,
    ),
  ),
  route(
    'GET',
    `${C}/options/bankAccounts/{accountId}/bankTransactions`,
    'get-create-bank-transactions-model',
    (x, r) => stubs.bankTransactionsModel(x, r.caller, co(r.params), cn(r.params), ac(r.params)),
  ),
  route('GET', '/companies/{companyId}/push/{pushOperationKey}', 'get-create-operation', (x, r) =>
    push.getCreateOperation(x, r.caller, co(r.params), r.params.pushOperationKey as string),
  ),
  route('GET', '/companies/{companyId}/push', 'list-create-operations', (x, r) =>
    push.listCreateOperations(x, r.caller, co(r.params), r.query),
  ),
  route(
    'GET',
    `${C}/bankFeedAccounts/{accountId}/managedBankFeeds/syncs/latest`,
    'get-latest-managed-bank-feed-sync',
    (x, r) => stubs.latestManagedSync(x, r.caller, co(r.params), cn(r.params), ac(r.params)),
  ),
  route(
    'GET',
    `${C}/bankFeedAccounts/{accountId}/managedBankFeeds/syncs/{syncId}`,
    'get-managed-bank-feed-sync',
    (x, r) => stubs.getManagedSync(x, r.caller, co(r.params), cn(r.params), ac(r.params)),
  ),
  route(
    'POST',
    `${C}/bankFeedAccounts/{accountId}/managedBankFeeds/syncs`,
    'run-managed-bank-feed-ad-hoc-sync',
    (x, r) => stubs.notForQbo(x, r.caller, co(r.params), cn(r.params), 'Managed bank feeds'),
  ),
  route(
    'GET',
    `${C}/data/proxy`,
    'proxy',
    (x, r) => legacy.proxy(x, r.caller, co(r.params), cn(r.params), r.query),
    { surface: '2023' },
  ),
  route(
    'GET',
    `${C}/data/bankAccounts/{accountId}/bankTransactions`,
    'list-bank-account-transactions',
    (x, r) =>
      legacy.listBankTransactions(
        x,
        r.caller,
        { companyId: co(r.params), connectionId: cn(r.params), accountId: ac(r.params) },
        r.query,
      ),
    { surface: '2023' },
  ),
]
