import type { EventStore } from '@feedsync/store'
import type { Company, CompanyRepository } from '../companies/repository.js'
import { COMPANY_PREFIX } from '../streams.js'

/**
 * Codat company id → our companies, kept in memory: built once from the company streams on first
 * use, told of companies onboarded here (`note`), and rebuilt on a miss at most every
 * `minRebuildMs` (a company onboarded by another process; an unknown id does not rescan on every
 * webhook).
 *
 * @example
 * const found = await index.of(op.companyId)
 */
export class CodatCompanies {
  private readonly byCodat = new Map<string, Set<string>>()
  private built: Promise<void> | undefined
  private builtAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly deps: {
      readonly store: Pick<EventStore, 'listStreams'>
      readonly companies: Pick<CompanyRepository, 'get'>
      readonly minRebuildMs?: number
    },
  ) {}

  note(company: Company): void {
    let ids = this.byCodat.get(company.codatCompanyId)
    if (ids === undefined) {
      ids = new Set()
      this.byCodat.set(company.codatCompanyId, ids)
    }
    ids.add(company.companyId)
  }

  private build(): Promise<void> {
    this.builtAt = performance.now()
    const run = (async () => {
      for (const s of await this.deps.store.listStreams({ prefix: COMPANY_PREFIX })) {
        const company = await this.deps.companies.get(s.stream.slice(COMPANY_PREFIX.length))
        if (company !== undefined) this.note(company)
      }
    })()
    this.built = run.catch((error: unknown) => {
      this.built = undefined
      throw error
    })
    return this.built
  }

  /** Our companies on Codat company `codatCompanyId` (usually one). */
  async of(codatCompanyId: string): Promise<Company[]> {
    await (this.built ?? this.build())
    if (
      !this.byCodat.has(codatCompanyId) &&
      performance.now() - this.builtAt >= (this.deps.minRebuildMs ?? 60_000)
    ) {
      await this.build()
    }
    const found: Company[] = []
    for (const id of this.byCodat.get(codatCompanyId) ?? []) {
      const company = await this.deps.companies.get(id)
      if (company !== undefined) found.push(company)
    }
    return found
  }
}
