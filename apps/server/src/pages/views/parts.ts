import { formatMoney } from '../format.js'
import { html, type SafeHtml } from '../html.js'
import type { ConnectionStatus, FeedLinkStatus, PushSummary, SyncStatus } from '../ports.js'

type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'none'

/** A coloured pill with words (colour is never the only signal: the words say it). */
export function badge(tone: Tone, text: string): SafeHtml {
  return html`<span class="badge b-${tone}">${text}</span>`
}

const CONNECTION: Record<ConnectionStatus, [Tone, string]> = {
  PendingAuth: ['warn', 'Not linked yet'],
  Linked: ['ok', 'Linked'],
  Unlinked: ['bad', 'Unlinked'],
  Deauthorized: ['bad', 'Access withdrawn'],
}

/** The QBO connection's status in words. */
export function connectionBadge(status: ConnectionStatus | null): SafeHtml {
  const [tone, text] = status === null ? (['none', 'Unknown'] as const) : CONNECTION[status]
  return badge(tone, text)
}

const LINK: Record<FeedLinkStatus, [Tone, string]> = {
  not_linked: ['warn', 'Not linked yet'],
  linked: ['ok', 'Linked'],
  disconnected: ['bad', 'Disconnected'],
}

/** One account's feed link in words. */
export function linkBadge(link: FeedLinkStatus): SafeHtml {
  const [tone, text] = LINK[link]
  return badge(tone, text)
}

/** Sync statuses in words, for the badge and the filter. */
export const SYNC_WORDS: Record<SyncStatus, [Tone, string]> = {
  pushed: ['ok', 'Sent'],
  in_flight: ['info', 'Being sent'],
  ready: ['info', 'Ready to send'],
  held: ['warn', 'Waiting'],
  quarantined: ['bad', 'Will not be sent'],
  dismissed: ['none', 'Dismissed'],
  replaced: ['none', 'Replaced by the posted line'],
}

/** Every sync status, in the order the filter lists them. */
export const SYNC_STATUSES: readonly SyncStatus[] = [
  'pushed',
  'in_flight',
  'ready',
  'held',
  'quarantined',
  'dismissed',
  'replaced',
]

/** A transaction's sync status in words. */
export function syncBadge(status: SyncStatus): SafeHtml {
  const [tone, text] = SYNC_WORDS[status]
  return badge(tone, text)
}

const BATCH: Record<PushSummary['status'], [Tone, string]> = {
  planned: ['info', 'About to be sent'],
  submitted: ['info', 'Sent, awaiting the result'],
  succeeded: ['ok', 'Accepted'],
  failed: ['bad', 'Refused'],
  timed_out: ['warn', 'No answer yet (checked again)'],
}

/** A push's outcome in words. */
export function batchBadge(status: PushSummary['status']): SafeHtml {
  const [tone, text] = BATCH[status] ?? ['none', status]
  return badge(tone, text)
}

const REASONS: Readonly<Record<string, string>> = {
  pending: 'not yet cleared by the bank',
  feed_not_linked: 'the account is not linked in its ledger yet',
  feed_disconnected: 'the feed was disconnected in the ledger',
  future_dated: 'dated in the future',
  day_not_over: 'sent once the day is over',
  batch_in_flight: 'waiting for the push in progress',
  balance_mismatch: "the bank's balance disagrees with the computed balance",
  waiting_for_earlier_transaction: 'waiting for an earlier transaction',
  voided: 'voided by the bank',
  older_than_destination: 'older than the newest line the ledger already holds',
  before_feed_start: 'dated before the feed start date',
  outside_historic_window: "outside the ledger's historic window",
  rejected_by_destination: 'refused by the ledger',
}

/** A reason code in words ("dated in the future"). */
export function reasonWords(code: string): string {
  return REASONS[code] ?? code.replaceAll('_', ' ')
}

/** An amount cell, right-aligned, formatted for its currency. */
export function moneyCell(amount: string | null, currency: string, label?: string): SafeHtml {
  return html`<td class="num" ${label === undefined ? '' : html`data-label="${label}"`}>${amount === null ? '—' : formatMoney(amount, currency)}</td>`
}

/** A `<dl>` stat card. */
export function stat(label: string, value: string | SafeHtml, note?: string): SafeHtml {
  return html`<div class="stat"><dt>${label}</dt><dd>${value}${note === undefined ? '' : html`<small>${note}</small>`}</dd></div>`
}
