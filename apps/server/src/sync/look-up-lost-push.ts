import type { CodatBankFeedsPort, PushOperations } from '@feedsync/codat-client'
import type { AccountState, Batch } from '@feedsync/core'
import type { Company } from '../companies/repository.js'
import {
  findLostPush,
  type LostPushAnswer,
  lostPushQuery,
  MAX_OPERATION_PAGES,
  OPERATION_PAGE_SIZE,
  readsNextPage,
} from './lost-push.js'

/**
 * The shell of the lost-push lookup: reads the company's create operations newest first, page by
 * page while `readsNextPage` says so (at most `MAX_OPERATION_PAGES`), and answers with the pure
 * `findLostPush` over the pages read.
 *
 * @example
 * const answer = await lookUpLostPush({ transactions: codat.transactions, company, accountId, state, batch })
 */
export async function lookUpLostPush(input: {
  readonly transactions: Pick<CodatBankFeedsPort['transactions'], 'listCreateOperations'>
  readonly company: Company
  readonly accountId: string
  readonly state: AccountState
  readonly batch: Batch
}): Promise<LostPushAnswer> {
  const { transactions, company, accountId, state, batch } = input
  const query = lostPushQuery({ state, batch, accountId, connectionId: company.connectionId })
  const pages: PushOperations[] = []
  for (let page = 1; page <= MAX_OPERATION_PAGES; page++) {
    const read = await transactions.listCreateOperations({
      companyId: company.codatCompanyId,
      page,
      pageSize: OPERATION_PAGE_SIZE,
      orderBy: '-requestedOnUtc',
    })
    pages.push(read)
    if (!readsNextPage(read, page, query)) break
  }
  return findLostPush(pages, query)
}
