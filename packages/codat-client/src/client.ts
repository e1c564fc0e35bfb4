import type {
  BankFeedAccountMappingResponse,
  BankFeedMapping,
  CompanyInformation,
  GenerateOtpResponse,
} from './models/account-mapping.js'
import type { Company } from './models/company.js'
import type { Connection } from './models/connection.js'
import type { CreateBankTransactionsResponse, PushOperation } from './models/push-operation.js'
import type {
  BankAccountCredentials,
  SourceAccount,
  SourceAccountBatchResult,
  SourceAccountV2,
} from './models/source-account.js'
import { type CodatClientOptions, resolveOptions } from './options.js'
import type { CodatBankFeedsPort, Companies, Connections, PushOperations } from './port.js'
import { createTransport } from './transport.js'

/** The fetch-based implementation of {@link CodatBankFeedsPort}. */
export interface CodatClient extends CodatBankFeedsPort {
  /** `CodatClient(<baseUrl>)`; never the key. */
  toString(): string
  toJSON(): { baseUrl: string }
}

const enc = encodeURIComponent
const companyPath = (r: { companyId: string }) => `/companies/${enc(r.companyId)}`
const connectionPath = (r: { companyId: string; connectionId: string }) =>
  `${companyPath(r)}/connections/${enc(r.connectionId)}`
const sourceAccountsPath = (r: { companyId: string; connectionId: string }) =>
  `${connectionPath(r)}/connectionInfo/bankFeedAccounts`
const mappingPath = (r: { companyId: string; connectionId: string }) =>
  `${connectionPath(r)}/bankFeedAccounts/mapping`

/**
 * Creates a Codat Bank Feeds client on `fetch`: Basic auth, per-attempt timeout, retries with
 * exponential backoff and jitter (network errors, timeouts, 408, 5xx), `Retry-After` on 429,
 * an `Idempotency-Key` on every POST/PATCH (the same one on each retry), exact decimal amounts.
 * The API key lives only in this closure: it is not a property of the client.
 *
 * @example
 * const codat = createCodatClient({ apiKey: process.env.CODAT_API_KEY!, retry: { maxAttempts: 4 } })
 * const company = await codat.companies.create({ name: 'Bank of Dave' })
 * const connection = await codat.connections.create({ companyId: company.id, requestBody: { platformKey: 'hcws' } })
 */
export function createCodatClient(options: CodatClientOptions): CodatClient {
  const resolved = resolveOptions(options)
  const send = createTransport(resolved)
  const { baseUrl } = resolved

  return {
    companies: {
      async create({ idempotencyKey, ...body }) {
        return (await send({
          operation: 'companies.create',
          method: 'POST',
          path: '/companies',
          body,
          idempotencyKey,
        })) as Company
      },
      async get(r) {
        return (await send({ operation: 'companies.get', method: 'GET', path: companyPath(r) })) as Company
      },
      async list(r = {}) {
        const { page, pageSize, query, orderBy, tags } = r
        return (await send({
          operation: 'companies.list',
          method: 'GET',
          path: '/companies',
          query: { page, pageSize, query, orderBy, tags },
        })) as Companies
      },
      async delete(r) {
        await send({ operation: 'companies.delete', method: 'DELETE', path: companyPath(r) })
      },
    },

    connections: {
      async create(r) {
        return (await send({
          operation: 'connections.create',
          method: 'POST',
          path: `${companyPath(r)}/connections`,
          body: r.requestBody,
          idempotencyKey: r.idempotencyKey,
        })) as Connection
      },
      async get(r) {
        return (await send({
          operation: 'connections.get',
          method: 'GET',
          path: connectionPath(r),
        })) as Connection
      },
      async list(r) {
        const { page, pageSize, query, orderBy } = r
        return (await send({
          operation: 'connections.list',
          method: 'GET',
          path: `${companyPath(r)}/connections`,
          query: { page, pageSize, query, orderBy },
        })) as Connections
      },
      async unlink(r) {
        return (await send({
          operation: 'connections.unlink',
          method: 'PATCH',
          path: connectionPath(r),
          body: r.requestBody ?? { status: 'Unlinked' },
          idempotencyKey: r.idempotencyKey,
        })) as Connection
      },
      async delete(r) {
        await send({ operation: 'connections.delete', method: 'DELETE', path: connectionPath(r) })
      },
    },

    sourceAccounts: {
      async create(r) {
        return (await send({
          operation: 'sourceAccounts.create',
          method: 'POST',
          path: sourceAccountsPath(r),
          body: r.requestBody,
          idempotencyKey: r.idempotencyKey,
        })) as SourceAccountV2 | SourceAccount
      },
      async createBatch(r) {
        return (await send({
          operation: 'sourceAccounts.createBatch',
          method: 'POST',
          path: `${sourceAccountsPath(r)}/batch`,
          body: r.requestBody,
          idempotencyKey: r.idempotencyKey,
        })) as SourceAccountBatchResult[]
      },
      async list(r) {
        return (await send({
          operation: 'sourceAccounts.list',
          method: 'GET',
          path: sourceAccountsPath(r),
        })) as Array<SourceAccountV2 | SourceAccount>
      },
      async update(r) {
        return (await send({
          operation: 'sourceAccounts.update',
          method: 'PATCH',
          path: `${sourceAccountsPath(r)}/${enc(r.accountId)}`,
          body: r.sourceAccount,
          idempotencyKey: r.idempotencyKey,
        })) as SourceAccount
      },
      async delete(r) {
        await send({
          operation: 'sourceAccounts.delete',
          method: 'DELETE',
          path: `${sourceAccountsPath(r)}/${enc(r.accountId)}`,
        })
      },
      async generateCredentials(r) {
        return (await send({
          operation: 'sourceAccounts.generateCredentials',
          method: 'POST',
          path: `${sourceAccountsPath(r)}/credentials`,
          body: r.requestBody ?? {},
          idempotencyKey: r.idempotencyKey,
        })) as BankAccountCredentials
      },
      async deleteCredentials(r) {
        await send({
          operation: 'sourceAccounts.deleteCredentials',
          method: 'DELETE',
          path: `${sourceAccountsPath(r)}/credentials`,
        })
      },
      async generateOtp(r) {
        return (await send({
          operation: 'sourceAccounts.generateOtp',
          method: 'POST',
          path: `${connectionPath(r)}/bankFeeds/otp`,
          idempotencyKey: r.idempotencyKey,
        })) as GenerateOtpResponse
      },
    },

    accountMapping: {
      async get(r) {
        return (await send({
          operation: 'accountMapping.get',
          method: 'GET',
          path: mappingPath(r),
        })) as BankFeedMapping[]
      },
      async create(r) {
        return (await send({
          operation: 'accountMapping.create',
          method: 'POST',
          path: mappingPath(r),
          body: r.bankFeedAccountMapping,
          idempotencyKey: r.idempotencyKey,
        })) as BankFeedAccountMappingResponse
      },
    },

    companyInformation: {
      async get(r) {
        return (await send({
          operation: 'companyInformation.get',
          method: 'GET',
          path: `${connectionPath(r)}/bankFeeds/info`,
        })) as CompanyInformation
      },
    },

    transactions: {
      async create(r) {
        return (await send({
          operation: 'transactions.create',
          method: 'POST',
          path: `${connectionPath(r)}/push/bankAccounts/${enc(r.accountId)}/bankTransactions`,
          query: { timeoutInMinutes: r.timeoutInMinutes, allowSyncOnPushComplete: r.allowSyncOnPushComplete },
          body: r.createBankTransactions,
          idempotencyKey: r.idempotencyKey,
          ...(r.retryUnknownOutcome === false ? { retryUnknownOutcome: false } : {}),
        })) as CreateBankTransactionsResponse
      },
      async getCreateOperation(r) {
        return (await send({
          operation: 'transactions.getCreateOperation',
          method: 'GET',
          path: `${companyPath(r)}/push/${enc(r.pushOperationKey)}`,
        })) as PushOperation
      },
      async listCreateOperations(r) {
        const { page, pageSize, query, orderBy } = r
        return (await send({
          operation: 'transactions.listCreateOperations',
          method: 'GET',
          path: `${companyPath(r)}/push`,
          query: { page, pageSize, query, orderBy },
        })) as PushOperations
      },
    },

    toString: () => `CodatClient(${baseUrl})`,
    toJSON: () => ({ baseUrl }),
  }
}
