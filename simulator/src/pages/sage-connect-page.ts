import { html, page } from './html.js'
import { SAGE_PAGES } from './sage-ledger-page.js'

/** What the connect-bank page shows: the form, or (after Submit) the source accounts to pick. */
export interface SageConnectModel {
  businessId: string
  businessName: string
  sageBankAccountId: string
  sageBankAccountName: string
  errors: string[]
  /** The connection ID typed before (never the OTP). */
  connectionId?: string
  /** After a valid Submit: the source accounts to pick from. */
  accounts?: {
    id: string
    accountName: string | null
    accountNumber: string | null
    currency: string | null
  }[]
}

const hidden = (m: SageConnectModel) => html`<input type="hidden" name="businessId" value="${m.businessId}">
<input type="hidden" name="sageBankAccountId" value="${m.sageBankAccountId}">`

function pickStep(m: SageConnectModel, accounts: NonNullable<SageConnectModel['accounts']>) {
  if (accounts.length === 0) {
    return html`<p class="error" role="alert">This connection has no account waiting to be connected; ask your bank.</p>
<form method="post" action="${SAGE_PAGES.select}">${hidden(m)}<button type="submit" name="cancel" value="1">Cancel</button></form>`
  }
  const rows = accounts.map(
    (
      a,
      i,
    ) => html`<tr><td><input type="radio" name="sourceAccountId" value="${a.id}" id="acc-${a.id}" ${i === 0 ? html`checked` : ''}></td>
<td><label for="acc-${a.id}">${a.accountName ?? a.id}</label> <span class="muted">${a.id}</span></td><td>${a.accountNumber ?? ''}</td><td>${a.currency ?? ''}</td></tr>`,
  )
  return html`<p>Choose the bank account to feed into <strong>${m.sageBankAccountName}</strong>, then OK.</p>
<form method="post" action="${SAGE_PAGES.select}">${hidden(m)}
<table><thead><tr><th></th><th>Account</th><th>Number</th><th>Currency</th></tr></thead><tbody>${rows}</tbody></table>
<button type="submit">OK</button> <button type="submit" name="cancel" value="1" formnovalidate>Cancel</button>
</form>`
}

/**
 * Codat's Sage page (S6): the SMB came from Sage's Connect Bank on one bank account and types the data
 * connection ID and one-time password the bank gave them; Submit lists the connection's accounts to pick.
 */
export function renderSageConnectPage(m: SageConnectModel): string {
  const errors = m.errors.length
    ? html`<div class="error" role="alert"><strong>Could not connect.</strong><ul>${m.errors.map((x) => html`<li>${x}</li>`)}</ul></div>`
    : null
  const form = html`<form method="post" action="${SAGE_PAGES.connect}">${hidden(m)}
<label>Connection ID <input type="text" name="connectionId" autocomplete="off" required maxlength="200" value="${m.connectionId ?? ''}"></label>
<label>One-time password <input type="text" name="otp" autocomplete="one-time-code" maxlength="20" required></label>
<button type="submit">Submit</button>
</form>`
  const body = html`<h1>Connect your bank to Sage</h1>
<p>Business <strong>${m.businessName}</strong>, Sage bank account <strong>${m.sageBankAccountName}</strong>
<span class="muted">(<code>${m.sageBankAccountId}</code>)</span>.</p>
${errors}
${m.accounts ? pickStep(m, m.accounts) : form}`
  return page('Connect Bank — Sage (simulated)', body)
}
