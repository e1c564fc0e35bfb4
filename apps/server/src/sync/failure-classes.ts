import type { DestinationId } from '@feedsync/core'

/**
 * What a Failed push's messages say, read with THE wording of the account's own platform only
 * (BEHAVIOUR.md §8.2 for QBO, PLATFORMS.md §2.3-2.4 for Xero, §3.2-3.3 for Sage): no pattern of one
 * platform is applied to another's messages.
 * - `link`: the failure is about the link (account or connection not linked, feed removed): the
 *   lines wait for the link, the feed is recorded as disconnected;
 * - `retry`: the ledger refused the write for a passing reason (Sage: a statement still being
 *   processed, S23; Xero: the app not approved for bank feeds, X2): the lines stay to push, nothing
 *   is quarantined;
 * - anything else is about the lines: the rejected ones are quarantined.
 */
export interface FailureWording {
  readonly link: RegExp
  readonly retry?: RegExp
}

export const FAILURE_WORDING: { readonly [K in DestinationId]: FailureWording } = {
  // Q1 (account or connection not linked), Q11 (feed switched off), Q12 (credentials revoked).
  qbo: {
    link: /disconnect|not connected|not linked|switched off|feed (is )?off|unlinked|deauthori[sz]ed|revoked/i,
  },
  // X16/X32 source account not connected, X33 Deauthorized, X34 feed deleted on the Xero account
  // (`invalid-feed-connection`), X35 Unlinked; X2 the client's app lacks Xero's bank-feeds approval.
  xero: {
    link: /not connected|not linked|disconnected|unlinked|deauthori[sz]ed|invalid-feed-connection|feed connection (was |has been )?(removed|deleted)/i,
    retry: /does not support automated bank feeds/i,
  },
  // S12/S26 source account not connected or disconnected in Sage, S27 authorisation expired;
  // S23 one statement in flight per account.
  sage: {
    link: /not connected|not linked|disconnected|unlinked|deauthori[sz]ed|authori[sz]ation (has )?expired/i,
    retry: /already being processed|statement .*in progress/i,
  },
}

/** How one failure message of `platform` reads: `link`, `retry` or `line`. */
export function classifyFailure(platform: DestinationId, message: string): 'link' | 'retry' | 'line' {
  const wording = FAILURE_WORDING[platform]
  if (wording.link.test(message)) return 'link'
  if (wording.retry?.test(message) === true) return 'retry'
  return 'line'
}
