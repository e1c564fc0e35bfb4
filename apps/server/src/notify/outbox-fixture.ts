// Test support: a tenant's company and account events in a store, for the outbox tests.
import type { EventStore } from '@feedsync/store'
import { accountStream, companyStream } from '../streams.js'

/** Onboards a company for `tenant` (just the event the outbox reads). */
export async function company(store: EventStore, tenant: string, companyId: string): Promise<void> {
  await store.appendToStream(companyStream(companyId), 'no_stream', [
    {
      type: 'CompanyOnboarded',
      data: {
        tenant,
        name: 'Acme',
        description: null,
        codatCompanyId: companyId,
        connectionId: 'conn-1',
        linkUrl: 'https://link',
        accounts: [{ accountId: 'acc-1', accountName: 'Main', currency: 'GBP', timeZone: 'Europe/London' }],
        at: '2026-11-25T09:00:00.000Z',
      },
    },
  ])
}

const at = '2026-11-25T09:05:00.000Z'
const note = { note: 'ok', by: 'ops', at }

/** Every domain cause of an outbound event, on one account stream. */
export async function allCauses(store: EventStore, companyId: string): Promise<void> {
  await store.appendToStream(accountStream(companyId, 'acc-1'), 'any', [
    { type: 'FeedLinked', data: { feedStartDate: '2026-11-01', at } },
    {
      type: 'BatchPlanned',
      data: {
        batchId: 'b1',
        lines: [{ transactionId: 't1', date: '2026-11-20', amount: '0.10', balance: '100000000000.30' }],
        at,
      },
    },
    { type: 'BatchSucceeded', data: { batchId: 'b1', at } },
    { type: 'BatchPlanned', data: { batchId: 'b2', lines: [], at } },
    {
      type: 'BatchFailed',
      data: {
        batchId: 'b2',
        message: 'refused',
        rejections: [
          { transactionId: 't2', code: 'retry', message: 'later', final: false },
          { transactionId: 't3', code: 'bad_account', message: 'never', final: true },
        ],
        at,
      },
    },
    {
      type: 'TransactionsQuarantined',
      data: { transactions: [{ transactionId: 't4', code: 'before_feed_start', message: 'too old' }], at },
    },
    { type: 'TransactionDismissed', data: { transactionId: 't3', ...note } },
    { type: 'BankBalanceAccepted', data: { transactionId: 't5', offset: '-0.01', ...note } },
    { type: 'FeedDisconnected', data: { at } },
  ])
}
