import { html, page } from './html.js'

/** A source account as the link page lists it. */
export interface LinkableAccount {
  id: string
  accountName: string | null
  accountNumber: string | null
  currency: string | null
  status: string
}

/** What the link page shows. */
export interface LinkPageModel {
  companyId: string
  /** The company's name, shown instead of its id. */
  companyName?: string
  connectionId: string
  connectionStatus: string
  accounts: LinkableAccount[]
  /** `YYYY-MM-DD` in simulated time: the default and latest feed start date. */
  today: string
  /** Plain messages shown above the form (refused credentials, invalid choices). */
  errors: string[]
  /** What the person entered, shown again after an error (never the password). */
  entered?: { username?: string; feedStartDate?: string; chosen?: string[]; names?: Record<string, string> }
}

/** The form field carrying the QBO account name for a source account. */
export const nameField = (accountId: string) => `qboAccountName:${accountId}`

/**
 * QBO's "Link account" step (BEHAVIOUR §8.5, steps 2-3): the one-time username and password, the source
 * accounts to link, a QBO account name for each, and a feed start date. Connect posts the form.
 */
export function renderLinkPage(m: LinkPageModel): string {
  const e = m.entered ?? {}
  const chosen = new Set(e.chosen ?? (m.accounts.length === 1 ? m.accounts.map((a) => a.id) : []))
  const rows = m.accounts.map(
    (a) => html`<tr>
  <td><input type="checkbox" name="account" value="${a.id}" id="acc-${a.id}" ${chosen.has(a.id) ? html`checked` : ''}></td>
  <td><label for="acc-${a.id}">${a.accountName ?? a.id}</label><span class="muted">${a.id}</span></td>
  <td>${a.accountNumber ?? ''}</td><td>${a.currency ?? ''}</td><td>${a.status}</td>
  <td><input type="text" name="${nameField(a.id)}" aria-label="QBO account for ${a.id}" maxlength="100"
    value="${e.names?.[a.id] ?? `${a.accountName ?? a.id} (bank feed)`}"></td>
</tr>`,
  )
  const errors = m.errors.length
    ? html`<div class="error" role="alert"><strong>Could not connect.</strong><ul>${m.errors.map((x) => html`<li>${x}</li>`)}</ul></div>`
    : null
  const body = html`<h1>QuickBooks Online &mdash; link a bank feed</h1>
<p>Company <strong class="company">${m.companyName ?? m.companyId}</strong> <span class="muted">(<code>${m.companyId}</code>, connection <code>${m.connectionId}</code>, ${m.connectionStatus})</span>.
Enter the one-time credentials the bank gave you, choose the accounts and where they go in QuickBooks, then Connect.</p>
${errors}
<form method="post" action="/_sim/pages/link">
<input type="hidden" name="companyId" value="${m.companyId}">
<input type="hidden" name="connectionId" value="${m.connectionId}">
<fieldset><legend>One-time credentials</legend>
<label>Username <input type="text" name="username" autocomplete="off" required value="${e.username ?? ''}"></label>
<label>Password <input type="password" name="password" autocomplete="off" required></label>
</fieldset>
<fieldset><legend>Accounts</legend>
${
  m.accounts.length === 0
    ? html`<p class="error">This connection has no source accounts yet; the bank must create them first.</p>`
    : html`<table><thead><tr><th>Link</th><th>Source account</th><th>Number</th><th>Currency</th><th>Status</th><th>QuickBooks account</th></tr></thead>
<tbody>${rows}</tbody></table>`
}
</fieldset>
<label>Feed start date <input type="date" name="feedStartDate" max="${m.today}" value="${e.feedStartDate ?? m.today}"></label>
<p class="muted">QuickBooks ignores lines older than the historic window before this date.</p>
<button type="submit">Connect</button>
</form>`
  return page('Link a bank feed — QBO (simulated)', body)
}
