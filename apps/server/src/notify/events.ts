import type { FeedEvent, PlannedLine } from '@feedsync/core'
import type { StoredEvent } from '@feedsync/store'

/** The outbound event kinds an endpoint may subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'transactions.pushed',
  'transactions.held',
  'transactions.quarantined',
  'feed.linked',
  'feed.disconnected',
  'reconciliation.changed',
  'webhook.test',
] as const

/** One outbound event kind. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/**
 * One outbound event: derived from one domain fact, its `id` from the store position
 * (`evt_<globalPosition>_<n>`), so deriving it again (a redelivery, another process) gives the same id.
 */
export interface OutboundEvent {
  readonly id: string
  readonly type: WebhookEventType
  /** When the domain fact happened (its `at`). */
  readonly timestamp: string
  readonly data: Readonly<Record<string, unknown>>
}

/** Where an account event belongs, and how to find a batch's planned lines (for `transactions.pushed`). */
export interface EventContext {
  readonly companyId: string
  readonly accountId: string
  readonly plannedLines: (batchId: string) => Promise<readonly PlannedLine[] | undefined>
}

const eventId = (event: StoredEvent, n: number): string => `evt_${event.globalPosition}_${n}`

/**
 * The outbound events of one stored account event (none for facts the bank is not told about).
 * Amounts stay the exact decimal strings of the domain events.
 *
 * @example
 * const out = await outboundEvents(stored, { companyId, accountId, plannedLines })
 */
export async function outboundEvents(stored: StoredEvent, ctx: EventContext): Promise<OutboundEvent[]> {
  const e = { type: stored.type, data: stored.data } as FeedEvent
  const base = { companyId: ctx.companyId, accountId: ctx.accountId }
  const one = (type: WebhookEventType, at: string, data: Record<string, unknown>, n = 0): OutboundEvent => ({
    id: eventId(stored, n),
    type,
    timestamp: at,
    data: { ...base, ...data },
  })
  switch (e.type) {
    case 'FeedLinked':
      return [one('feed.linked', e.data.at, { feedStartDate: e.data.feedStartDate })]
    case 'FeedDisconnected':
      return [one('feed.disconnected', e.data.at, {})]
    case 'BatchSucceeded': {
      const lines = (await ctx.plannedLines(e.data.batchId)) ?? []
      const transactions = lines.map((l) => ({
        transactionId: l.transactionId,
        date: l.date,
        amount: l.amount,
        balance: l.balance,
      }))
      return [one('transactions.pushed', e.data.at, { batchId: e.data.batchId, transactions })]
    }
    case 'BatchFailed': {
      const out: OutboundEvent[] = []
      const pick = (final: boolean) =>
        e.data.rejections
          .filter((r) => r.final === final)
          .map((r) => ({ transactionId: r.transactionId, code: r.code, message: r.message }))
      const held = pick(false)
      const quarantined = pick(true)
      const batch = { batchId: e.data.batchId, message: e.data.message }
      if (held.length > 0) out.push(one('transactions.held', e.data.at, { ...batch, transactions: held }, 0))
      if (quarantined.length > 0) {
        out.push(one('transactions.quarantined', e.data.at, { ...batch, transactions: quarantined }, 1))
      }
      return out
    }
    case 'TransactionsQuarantined':
      return [one('transactions.quarantined', e.data.at, { transactions: e.data.transactions })]
    case 'TransactionDismissed':
    case 'TransactionRedated':
      return [
        one('reconciliation.changed', e.data.at, {
          transactionId: e.data.transactionId,
          action: e.type === 'TransactionDismissed' ? 'dismissed' : 'redated',
          note: e.data.note,
          by: e.data.by,
        }),
      ]
    case 'BankBalanceAccepted':
      return [
        one('reconciliation.changed', e.data.at, {
          transactionId: e.data.transactionId,
          action: 'balance_accepted',
          offset: e.data.offset,
          note: e.data.note,
          by: e.data.by,
        }),
      ]
    default:
      return []
  }
}
