import { html, page } from './html.js'
import { formatAmount } from './money.js'

/** The body of `GET /_sim/qbo/accounts/{companyId}/{connectionId}` (the fields the page shows). */
export interface QboViewModel {
  companyId: string
  connectionId: string
  connectionStatus: string
  /** The company's name (from the connection list), shown instead of its id. */
  companyName?: string
  accounts: {
    sourceAccountId: string
    qboAccountName: string
    /** The bank account's name, number and currency as the source account holds them. */
    accountName?: string | null
    accountNumber?: string | null
    currency?: string | null
    status: string
    feedEnabled: boolean
    feedStartDate: string | null
    balance: string | null
    lastPulledAt: string | null
    lines: {
      id: string
      date: string
      description: string
      amount: string
      balance: string | null
      isTest: boolean
    }[]
    expired?: { id: string; date: string; amount: string }[]
    undelivered?: number
  }[]
}

/**
 * What QuickBooks Online shows per linked account: the delivered lines (QBO's test lines flagged), the
 * balance, the last pull, and an Update button that makes QBO pull now. Names first (company, bank
 * account), ids small beside them; amounts with their currency's decimals (`978.30`).
 */
export function renderQboViewPage(v: QboViewModel, now: string, notice?: string): string {
  const accounts = v.accounts.map((a) => {
    const money = (x: string) => formatAmount(x, a.currency)
    const bankAccount = [a.accountName, a.accountNumber ? `no. ${a.accountNumber}` : null, a.currency]
      .filter((x) => x)
      .join(' · ')
    return html`<section class="account" data-account="${a.sourceAccountId}">
<h2>${a.qboAccountName}</h2>
<p>Bank account ${bankAccount || 'unnamed'} <span class="muted">(source account <code>${a.sourceAccountId}</code>)</span> &middot; status <strong>${a.status}</strong> &middot;
feed ${a.feedEnabled ? 'on' : 'off'} &middot; start date ${a.feedStartDate ?? '—'}</p>
<p>Balance: <strong class="balance">${a.balance === null ? 'none yet' : money(a.balance)}</strong> &middot;
last pull: <span class="last-pull">${a.lastPulledAt ?? 'never'}</span> &middot;
waiting in Codat: ${a.undelivered ?? 0}</p>
<table><thead><tr><th>Date</th><th>Description</th><th class="num">Amount</th><th class="num">Balance</th><th></th></tr></thead>
<tbody>${a.lines.map(
      (l) => html`<tr class="${l.isTest ? 'test' : 'line'}" data-id="${l.id}">
<td>${l.date}</td><td>${l.description}</td><td class="num">${money(l.amount)}</td><td class="num">${l.balance === null ? '' : money(l.balance)}</td>
<td>${l.isTest ? 'test line' : ''}</td></tr>`,
    )}</tbody></table>
${
  a.expired && a.expired.length > 0
    ? html`<p class="muted">Never delivered (older than the window when QBO pulled): ${a.expired.map((x) => `${x.id} ${x.date} ${money(x.amount)}`).join(', ')}</p>`
    : null
}
</section>`
  })
  const body = html`<h1>QuickBooks Online &mdash; bank feed (simulated)</h1>
<p>Company <strong class="company">${v.companyName ?? v.companyId}</strong> <span class="muted">(<code>${v.companyId}</code>, connection <code>${v.connectionId}</code>, ${v.connectionStatus})</span>.
Simulated time: <span class="now">${now}</span>.</p>
${notice ? html`<p class="note" role="status">${notice}</p>` : null}
<form method="post" action="/_sim/pages/qbo/update">
<input type="hidden" name="companyId" value="${v.companyId}">
<input type="hidden" name="connectionId" value="${v.connectionId}">
<button type="submit">Update</button> <span class="muted">QBO fetches every waiting line now.</span>
</form>
${accounts.length ? accounts : html`<p>No account of this connection is linked in QuickBooks yet.</p>`}`
  return page('Bank feed — QBO (simulated)', body)
}
