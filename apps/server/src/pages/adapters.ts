import { timingSafeEqual } from 'node:crypto'
import { CodatError } from '@feedsync/codat-client'
import type { EventStore } from '@feedsync/store'
import { WrongExpectedVersionError } from '@feedsync/store'
import type { FeedViews } from '../accounts/feed-views.js'
import type { AccountRepository } from '../accounts/repository.js'
import type { Onboarding } from '../companies/onboarding.js'
import type { Company, CompanyRepository } from '../companies/repository.js'
import { ServiceError } from '../errors.js'
import type { PortalSessionsPort } from '../routes/portal-sessions.js'
import { accountStream, COMPANY_PREFIX, sha256, tenantOf } from '../streams.js'
import type { SyncWorker } from '../sync/sync-worker.js'
import { linkingAdapters, type PagesLinking } from './linking-adapters.js'
import {
  type AccountFeed,
  type CompanyDetail,
  type ConnectionStatus,
  PageError,
  type PagesPorts,
} from './ports.js'
import { isException, type PagesReconciliation, reconciliationAdapters } from './reconciliation-adapters.js'

/** The services the adapters use: the same ones `/v1` uses (no second copy of a view). */
export interface PagesServices {
  readonly store: Pick<EventStore, 'appendToStream' | 'listStreams'>
  readonly companies: Pick<CompanyRepository, 'forTenant' | 'get'>
  readonly accounts: Pick<AccountRepository, 'load'>
  readonly views: Pick<FeedViews, 'company' | 'summary' | 'list' | 'operations'>
  readonly onboarding: Pick<Onboarding, 'onboard' | 'issueCredentials'>
  readonly worker: Pick<SyncWorker, 'syncAccount'>
  /** The reconciliation report and its actions; without it the pages have no reconciliation page. */
  readonly reconciliation?: PagesReconciliation
  /** Xero's link and mapping, Sage's one-time password; without it those pages show no action. */
  readonly linking?: PagesLinking
  /** Codat's "revoke every credential pair of the connection". */
  readonly codat: {
    readonly sourceAccounts: {
      deleteCredentials(r: { companyId: string; connectionId: string }): Promise<void>
    }
  }
}

const CONFLICT = new Set(['sync_in_progress', 'concurrent_update', 'idempotency_key_in_flight'])
const UNAVAILABLE = new Set(['codat_unavailable', 'clock_unavailable', 'not_ready', 'rate_limited'])

/** A service's refusal as the pages show it; `undefined` for not found (unknown or another tenant's). */
async function guarded<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof ServiceError) {
      if (error.code === 'not_found') return undefined
      if (CONFLICT.has(error.code)) throw new PageError('conflict', error.detail)
      if (UNAVAILABLE.has(error.code)) throw new PageError('unavailable', error.detail)
      throw new PageError('invalid', error.detail)
    }
    if (error instanceof CodatError)
      throw new PageError('unavailable', 'Codat could not be reached; try again in a minute.')
    throw error
  }
}

const CONNECTION: readonly ConnectionStatus[] = ['PendingAuth', 'Linked', 'Unlinked', 'Deauthorized']

/**
 * {@link PagesPorts} over the server's services. `apiKeys` are the configured tenant keys (compared
 * in constant time over their hashes, as `http/auth.ts` does).
 *
 * @example
 * const ports = createPagesAdapters(app.services, config.apiKeys)
 */
export function createPagesAdapters(
  s: PagesServices,
  apiKeys: readonly string[],
): PagesPorts & PortalSessionsPort {
  const known = apiKeys.map((k) => ({ digest: Buffer.from(sha256(k), 'hex'), tenant: tenantOf(k) }))
  const company = (tenant: string, companyId: string) =>
    guarded(() => s.companies.forTenant(tenant, companyId))
  const detail = async (c: Company): Promise<CompanyDetail> => {
    const v = await s.views.company(c)
    const status = CONNECTION.find((x) => x === v.connection.status) ?? null
    return { ...v, connection: { status, linkUrl: v.connection.linkUrl } }
  }
  const account = async (tenant: string, companyId: string, accountId: string) => {
    const c = await company(tenant, companyId)
    return c?.accounts.some((a) => a.accountId === accountId) === true ? c : undefined
  }

  /** Exceptions per company from the reconciliation service (one pass over the tenant), when it is given. */
  const exceptionsOf = async (tenant: string): Promise<Map<string, number> | undefined> => {
    if (s.reconciliation === undefined) return undefined
    const counts = new Map<string, number>()
    for (const a of (await s.reconciliation.exceptions(tenant)).accounts) {
      if (isException(a)) counts.set(a.companyId, (counts.get(a.companyId) ?? 0) + 1)
    }
    return counts
  }
  /** Without the reconciliation service: accounts with a quarantined line or a balance mismatch. */
  const summaryExceptions = async (c: Company): Promise<number> => {
    let n = 0
    for (const a of c.accounts) {
      const summary = await s.views.summary(c.companyId, a.accountId)
      if (summary.counts.quarantined > 0 || (summary.holdReasons.balance_mismatch ?? 0) > 0) n++
    }
    return n
  }

  const ports: PagesPorts & PortalSessionsPort = {
    async authenticate(apiKey) {
      const digest = Buffer.from(sha256(apiKey), 'hex')
      let tenant: string | undefined
      for (const k of known) if (timingSafeEqual(k.digest, digest)) tenant = k.tenant
      return tenant
    },
    async claimPortalToken(tokenId, expiresAt) {
      try {
        await s.store.appendToStream(`portal:${tokenId}`, 'no_stream', [
          { type: 'PortalTokenClaimed', data: { expiresAt } },
        ])
        return true
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) return false
        throw error
      }
    },
    async companyExists(tenant, companyId) {
      return (await company(tenant, companyId)) !== undefined
    },
    async listCompanies(tenant, search) {
      const needle = search.toLowerCase()
      const exceptions = await exceptionsOf(tenant)
      const out = []
      for (const { stream } of await s.store.listStreams({ prefix: COMPANY_PREFIX })) {
        const c = await s.companies.get(stream.slice(COMPANY_PREFIX.length))
        if (c === undefined || c.tenant !== tenant || !c.name.toLowerCase().includes(needle)) continue
        let linked = 0
        let disconnected = false
        for (const a of c.accounts) {
          const { state } = await s.accounts.load(accountStream(c.companyId, a.accountId))
          if (state.feed.status === 'linked') linked++
          if (state.feed.status === 'disconnected') disconnected = true
        }
        const connection: ConnectionStatus = disconnected
          ? 'Unlinked'
          : linked === c.accounts.length
            ? 'Linked'
            : 'PendingAuth'
        out.push({
          companyId: c.companyId,
          name: c.name,
          platform: c.platform,
          connection,
          accounts: c.accounts.length,
          linkedAccounts: linked,
          exceptions:
            exceptions === undefined ? await summaryExceptions(c) : (exceptions.get(c.companyId) ?? 0),
          onboardedAt: c.onboardedAt,
        })
      }
      return out.sort((a, b) => a.name.localeCompare(b.name))
    },
    async getCompany(tenant, companyId) {
      const c = await company(tenant, companyId)
      return c === undefined ? undefined : guarded(() => detail(c))
    },
    async onboard(tenant, input, idempotencyKey) {
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await guarded(() =>
            s.onboarding.onboard(
              tenant,
              {
                name: input.name,
                ...(input.platform === undefined ? {} : { platform: input.platform }),
                accounts: input.accounts.map((a) => ({ ...a })),
              },
              idempotencyKey,
            ),
          )
          if (r === undefined) throw new PageError('invalid', 'The company could not be created.')
          return { companyId: r.companyId }
        } catch (error) {
          // A double click: the first request is still running; its result answers this one too.
          if (!(error instanceof PageError) || error.kind !== 'conflict' || attempt >= 40) throw error
          await new Promise((resolve) => setTimeout(resolve, 250))
        }
      }
    },
    async issueCredentials(tenant, companyId) {
      const pair = await guarded(() => s.onboarding.issueCredentials(tenant, companyId))
      const c = pair === undefined ? undefined : await company(tenant, companyId)
      if (pair === undefined || c === undefined) return undefined
      const view = await guarded(() => detail(c))
      return { username: pair.username, password: pair.password, linkUrl: view?.connection.linkUrl ?? null }
    },
    async revokeCredentials(tenant, companyId) {
      const c = await company(tenant, companyId)
      if (c === undefined) return false
      await guarded(() =>
        s.codat.sourceAccounts.deleteCredentials({
          companyId: c.codatCompanyId,
          connectionId: c.connectionId,
        }),
      )
      return true
    },
    async accountFeed(tenant, companyId, accountId) {
      if ((await account(tenant, companyId, accountId)) === undefined) return undefined
      const summary = await guarded(() => s.views.summary(companyId, accountId))
      if (summary === undefined) return undefined
      const { state } = await s.accounts.load(accountStream(companyId, accountId))
      let last: AccountFeed['lastPush'] = null
      for (const b of state.batches.values()) {
        if (b.completedAt === undefined || (last !== null && b.plannedAt < last.plannedAt)) continue
        last = {
          batchId: b.id,
          status: b.status,
          lines: b.lineCount ?? b.lines.length,
          plannedAt: b.plannedAt,
          completedAt: b.completedAt,
        }
      }
      return { ...summary, lastPush: last }
    },
    async listTransactions(tenant, companyId, accountId, q) {
      if ((await account(tenant, companyId, accountId)) === undefined) return undefined
      return guarded(() => s.views.list(companyId, accountId, { ...q }))
    },
    async syncNow(tenant, companyId, accountId) {
      const c = await account(tenant, companyId, accountId)
      if (c === undefined) return undefined
      return guarded(() => s.worker.syncAccount(c, accountId))
    },
    async listOperations(tenant, companyId) {
      const c = await company(tenant, companyId)
      return c === undefined ? undefined : guarded(() => s.views.operations(c))
    },
  }
  const linking = s.linking === undefined ? {} : linkingAdapters(s.linking, guarded)
  if (s.reconciliation === undefined) return { ...ports, ...linking }
  return {
    ...ports,
    ...linking,
    ...reconciliationAdapters({ reconciliation: s.reconciliation, account, guarded }),
  }
}
