import type { DueClaim, EventStore } from '@feedsync/store'
import type { Company, CompanyRepository } from '../companies/repository.js'
import { ACCOUNT_PREFIX } from '../streams.js'
import type { Claimed } from './claim-stream.js'
import { parseAccountStream } from './due-work.js'
import type { LinkWatch, Sources } from './link-watch.js'

/** One claimed account to sync in a cycle. */
export interface ClaimedTask {
  readonly company: Company
  readonly accountId: string
  /** Codat's source accounts of its company: read at most once per company and cycle, when first needed. */
  readonly sources: () => Promise<Sources | null>
  readonly claim: DueClaim
}

/** Codat's source accounts per company, read at most once in a cycle (shared by the cycle's claims). */
export type CycleSources = Map<string, () => Promise<Sources | null>>

/**
 * The cycle's claims as tasks: each account with its company, and one lazy source-account read per
 * company (only when `LinkWatch.dueInCycle`). A claim on a key that is no account of a known company
 * is settled with nothing due.
 *
 * @example
 * const tasks = await claimedTasks(await store.claimDue(options), { store, companies, links })
 */
export async function claimedTasks(
  claims: readonly DueClaim[],
  deps: {
    readonly store: Pick<EventStore, 'settleDue'>
    readonly companies: Pick<CompanyRepository, 'get'>
    readonly links: Pick<LinkWatch, 'dueInCycle' | 'read'>
    /** The cycle's reads so far, when it claims more than once (default: these claims' own). */
    readonly lazies?: CycleSources
  },
): Promise<ClaimedTask[]> {
  const { store, companies, links } = deps
  const tasks: ClaimedTask[] = []
  const lazies: CycleSources = deps.lazies ?? new Map()
  for (const claim of claims) {
    const ids = parseAccountStream(claim.key)
    const company = ids === undefined ? undefined : await companies.get(ids.companyId)
    if (ids === undefined || company?.accounts.some((a) => a.accountId === ids.accountId) !== true) {
      await store.settleDue({ key: claim.key, wake: claim.wake, dueAt: null, streak: 0, version: 0 })
      continue
    }
    // Read Codat's source-account list at most once per company and cycle, when first needed.
    let lazy = lazies.get(company.companyId)
    if (lazy === undefined) {
      let sources: Promise<Sources | null> | undefined
      lazy = () => {
        sources ??= links.dueInCycle(company).then((yes) => (yes ? links.read(company) : null))
        return sources
      }
      lazies.set(company.companyId, lazy)
    }
    tasks.push({ company, accountId: ids.accountId, sources: lazy, claim })
  }
  return tasks
}

/**
 * A cycle's claims (`claimDue` at the cycle's `now`, then {@link claimedTasks}), as `workClaims`
 * makes them: one source-account read per company across all of them.
 *
 * @example
 * const claim = cycleClaims({ store, companies, links }, { owner, now, claimTtlMs })
 */
export function cycleClaims(
  deps: {
    readonly store: Pick<EventStore, 'claimDue' | 'settleDue'>
    readonly companies: Pick<CompanyRepository, 'get'>
    readonly links: Pick<LinkWatch, 'dueInCycle' | 'read'>
  },
  at: { readonly owner: string; readonly now: string; readonly claimTtlMs: number },
): (limit: number) => Promise<Claimed<ClaimedTask>> {
  const lazies: CycleSources = new Map()
  return async (limit) => {
    // Account keys only: the outbox's deliveries are due rows of the same table.
    const claims = await deps.store.claimDue({ ...at, limit, prefix: ACCOUNT_PREFIX })
    return { claimed: claims.length, tasks: await claimedTasks(claims, { ...deps, lazies }) }
  }
}
