// Test support: an in-memory stand-in for Codat's Bank Feeds API behind the port the server uses.
// It keeps Idempotency-Key replays (as Codat does for 90 minutes), records every line stored per
// account, and lets a test break calls before or after they take effect.

import { randomUUID } from 'node:crypto'
import type {
  CodatBankFeedsPort,
  Company,
  Connection,
  CreateBankTransactionsRequest,
  CreateBankTransactionsResponse,
  SourceAccountV2,
} from '@feedsync/codat-client'
import { CodatNetworkError } from '@feedsync/codat-client'
import {
  completeOperation,
  notFound,
  type Op,
  type PushOutcome,
  Replays,
  type StoredLine,
  unsupported,
} from './fake-codat-operations.js'
import { connectionKind, FakePlatforms } from './fake-codat-platforms.js'

export type { StoredLine } from './fake-codat-operations.js'

/**
 * A fake Codat. `pushOutcome` decides how each new operation ends (on its first read back unless
 * `completeImmediately`). `failBeforePush` / `failAfterPush` throw a network error before the push
 * takes effect or after it landed (the answer is lost), once per call to the setter.
 */
export class FakeCodat implements CodatBankFeedsPort {
  private n = 0
  readonly companiesById = new Map<string, Company>()
  readonly connectionsById = new Map<string, Connection>()
  readonly accounts = new Map<string, SourceAccountV2>()
  readonly ops = new Map<string, Op>()
  /** Lines Codat holds, per source account id, in the order stored. */
  readonly stored = new Map<string, StoredLine[]>()
  private readonly replays = new Replays()
  readonly calls: string[] = []
  pushOutcome: PushOutcome = () => ({ status: 'Success' })
  completeImmediately = false
  /** What `changes[].recordRef.id` holds: each line id, or (as the simulator does) the source account id. */
  recordRef: 'line' | 'account' = 'line'
  failBeforePush = 0
  failAfterPush = 0
  /** Operations stay Pending through `listCreateOperations` (Codat still working on them). */
  holdPending = false
  /** Epoch ms used for `requestedOnUtc`. */
  now = () => Date.parse('2026-11-25T00:00:00Z')
  credentialsIssued: { username: string; password: string }[] = []
  /** Xero's mapping and company information, Sage's one-time passwords. */
  readonly platforms = new FakePlatforms({
    connection: (id) => this.connectionsById.get(id),
    account: (connectionId, accountId) => this.accounts.get(`${connectionId}/${accountId}`),
    accounts: (connectionId) =>
      [...this.accounts.entries()].filter(([k]) => k.startsWith(`${connectionId}/`)).map(([, a]) => a),
    now: () => this.now(),
  })

  /** Unique per instance, so several fakes can share one database in a test file. */
  private readonly prefix = randomUUID().slice(0, 8)

  private id(): string {
    this.n++
    return `${this.prefix}-0000-4000-8000-${this.n.toString().padStart(12, '0')}`
  }

  private idem<T>(key: string | undefined, body: unknown, run: () => T): Promise<T> {
    return this.replays.run(key, body, run)
  }

  /** The SMB links accounts in QBO with a feed start date (BEHAVIOUR §8.5). */
  link(connectionId: string, accountIds: readonly string[], feedStartDate: string): void {
    const c = this.connectionsById.get(connectionId)
    if (c !== undefined) c.status = 'Linked'
    for (const id of accountIds) {
      const a = this.accounts.get(`${connectionId}/${id}`)
      if (a !== undefined) {
        a.status = 'connected'
        a.feedStartDate = feedStartDate
      }
    }
  }

  disconnect(connectionId: string, accountId: string): void {
    const a = this.accounts.get(`${connectionId}/${accountId}`)
    if (a !== undefined) a.status = 'disconnected'
  }

  storedLines(accountId: string): StoredLine[] {
    return this.stored.get(accountId) ?? []
  }

  readonly companies: CodatBankFeedsPort['companies'] = {
    create: async ({ idempotencyKey, ...body }) => {
      this.calls.push('companies.create')
      return this.idem(idempotencyKey, body, () => {
        const id = this.id()
        const c: Company = {
          id,
          name: body.name,
          description: body.description ?? null,
          redirect: `https://link.codat.io/company/${id}`,
        }
        this.companiesById.set(id, c)
        return c
      })
    },
    get: async ({ companyId }) => {
      const c = this.companiesById.get(companyId)
      if (c === undefined)
        throw notFound(
          'companies.get',
          `/companies/${companyId}`,
          `No company was found with ID ${companyId}`,
        )
      return c
    },
    list: unsupported('companies.list'),
    delete: unsupported('companies.delete'),
  }

  readonly connections: CodatBankFeedsPort['connections'] = {
    create: async ({ companyId, idempotencyKey, requestBody }) => {
      this.calls.push('connections.create')
      return this.idem(idempotencyKey, { companyId, requestBody }, () => {
        const id = this.id()
        const c: Connection = {
          id,
          integrationId: 'int',
          integrationKey: requestBody.platformKey,
          sourceId: 'src',
          ...connectionKind(requestBody.platformKey),
          linkUrl: `https://link-api.codat.io/companies/${companyId}/connections/${id}/start?otp=123456`,
          status: 'PendingAuth',
          created: new Date(this.now()).toISOString(),
        }
        this.connectionsById.set(id, c)
        return c
      })
    },
    get: async ({ companyId, connectionId }) => {
      const c = this.connectionsById.get(connectionId)
      if (c === undefined) {
        throw notFound(
          'connections.get',
          `/companies/${companyId}/connections/${connectionId}`,
          `Data connection ${connectionId} not found`,
        )
      }
      return { ...c }
    },
    list: unsupported('connections.list'),
    unlink: unsupported('connections.unlink'),
    delete: unsupported('connections.delete'),
  }

  readonly sourceAccounts: CodatBankFeedsPort['sourceAccounts'] = {
    create: async ({ connectionId, idempotencyKey, requestBody }) => {
      this.calls.push('sourceAccounts.create')
      return this.idem(idempotencyKey, { connectionId, requestBody }, () => {
        if (!('accountType' in requestBody) || typeof requestBody.accountName !== 'string') {
          throw new Error('fake Codat: v2 source accounts only')
        }
        const a: SourceAccountV2 = {
          ...(requestBody as SourceAccountV2),
          status: 'pending',
          feedStartDate: null,
        }
        this.accounts.set(`${connectionId}/${a.id}`, a)
        return { ...a }
      })
    },
    createBatch: unsupported('sourceAccounts.createBatch'),
    list: async ({ connectionId }) => {
      this.calls.push('sourceAccounts.list')
      return [...this.accounts.entries()]
        .filter(([k]) => k.startsWith(`${connectionId}/`))
        .map(([, a]) => ({ ...a }))
    },
    update: unsupported('sourceAccounts.update'),
    delete: unsupported('sourceAccounts.delete'),
    generateCredentials: async () => {
      this.calls.push('sourceAccounts.generateCredentials')
      const pair = { username: `qbo-user-${this.n}`, password: `Pw-${this.id().slice(-12)}-secret` }
      this.credentialsIssued.push(pair)
      return pair
    },
    deleteCredentials: unsupported('sourceAccounts.deleteCredentials'),
    generateOtp: async ({ companyId, connectionId }) => {
      this.calls.push('sourceAccounts.generateOtp')
      return this.platforms.generateOtp(companyId, connectionId)
    },
  }

  readonly accountMapping: CodatBankFeedsPort['accountMapping'] = {
    get: async ({ companyId, connectionId }) => {
      this.calls.push('accountMapping.get')
      return this.platforms.getMapping(companyId, connectionId)
    },
    create: async ({ companyId, connectionId, bankFeedAccountMapping, idempotencyKey }) => {
      this.calls.push('accountMapping.create')
      return this.idem(idempotencyKey, { connectionId, bankFeedAccountMapping }, () =>
        this.platforms.createMapping(companyId, connectionId, bankFeedAccountMapping),
      )
    },
  }

  readonly companyInformation: CodatBankFeedsPort['companyInformation'] = {
    get: async ({ companyId, connectionId }) => {
      this.calls.push('companyInformation.get')
      return this.platforms.info(companyId, connectionId)
    },
  }

  readonly transactions: CodatBankFeedsPort['transactions'] = {
    create: async (request: CreateBankTransactionsRequest) => {
      this.calls.push('transactions.create')
      if (this.failBeforePush > 0) {
        this.failBeforePush--
        throw new CodatNetworkError(
          { operation: 'transactions.create', method: 'POST', path: '/push', attempts: 1 },
          'connection reset (before the push landed)',
        )
      }
      const { idempotencyKey, ...body } = request
      const reply = await this.idem(idempotencyKey, body, () => this.push(request))
      if (this.failAfterPush > 0) {
        this.failAfterPush--
        throw new CodatNetworkError(
          { operation: 'transactions.create', method: 'POST', path: '/push', attempts: 1 },
          'connection reset (after the push landed)',
        )
      }
      return reply
    },
    getCreateOperation: async ({ companyId, pushOperationKey }) => {
      this.calls.push('transactions.getCreateOperation')
      const o = this.ops.get(pushOperationKey)
      if (o === undefined)
        throw notFound('transactions.getCreateOperation', `/companies/${companyId}/push`, 'not found')
      this.complete(o)
      return { ...o.op }
    },
    listCreateOperations: async ({ companyId }) => {
      this.calls.push('transactions.listCreateOperations')
      const mine = [...this.ops.values()].filter((o) => o.op.companyId === companyId)
      // Time passes between a push and a listing: pending operations complete, unless held.
      if (!this.holdPending) for (const o of mine) this.complete(o)
      const results = mine.map((o) => ({ ...o.op }))
      return {
        results,
        pageNumber: 1,
        pageSize: 5000,
        totalResults: results.length,
        _links: { self: {}, current: {} },
      }
    },
  }

  private push(request: CreateBankTransactionsRequest): CreateBankTransactionsResponse {
    const key = this.id()
    const lines = request.createBankTransactions.transactions
    const o: Op = {
      accountId: request.accountId,
      lines,
      op: {
        dataType: 'bankTransactions',
        companyId: request.companyId,
        pushOperationKey: key,
        dataConnectionKey: request.connectionId,
        requestedOnUtc: new Date(this.now()).toISOString(),
        status: 'Pending',
        statusCode: 202,
      },
    }
    this.ops.set(key, o)
    if (this.completeImmediately) this.complete(o)
    return {
      ...o.op,
      data: { accountId: request.accountId, transactions: lines },
    } as CreateBankTransactionsResponse
  }

  private complete(o: Op): void {
    completeOperation(o, {
      account: this.accounts.get(`${o.op.dataConnectionKey}/${o.accountId}`),
      outcome: this.pushOutcome,
      now: this.now(),
      recordRef: this.recordRef,
      stored: this.stored,
    })
  }
}
