import { html, page } from './html.js'
import { XERO_PAGES } from './xero-consent-page.js'

interface Option {
  id: string
  name: string | null
  accountNumber: string | null
}
/** One row of Codat's mapping for a Xero connection (`BankFeedMapping`). */
export interface MappingRow {
  sourceAccountId: string
  sourceAccountName: string
  sourceAccountNumber: string
  sourceCurrency: string
  status: string
  targetAccountId: string | null
  targetAccountName?: string
  feedStartDate?: string
  targetAccountOptions: Option[] | null
}
/** What the mapping page shows (`sim.control.xero.mappingView`). */
export interface MappingModel {
  companyId: string
  connectionId: string
  status: string
  org: { id: string; name: string } | null
  rows: MappingRow[]
  notice?: string
  errors?: string[]
}

function rowHtml(m: MappingModel, r: MappingRow, today: string) {
  const hidden = html`<input type="hidden" name="companyId" value="${m.companyId}">
<input type="hidden" name="connectionId" value="${m.connectionId}">
<input type="hidden" name="sourceAccountId" value="${r.sourceAccountId}">`
  if (r.status === 'connected') {
    return html`<tr><td>${r.sourceAccountName} <span class="muted">${r.sourceAccountNumber} ${r.sourceCurrency}</span></td>
<td>${r.status}</td><td>${r.targetAccountName ?? ''}<br><span class="muted">from ${r.feedStartDate?.slice(0, 10) ?? ''}</span></td>
<td><form method="post" action="${XERO_PAGES.disconnect}">${hidden}<button type="submit">Disconnect</button></form></td></tr>`
  }
  const options = (r.targetAccountOptions ?? []).map(
    (o) =>
      html`<option value="${o.id}">${o.name ?? o.id}${o.accountNumber ? ` (${o.accountNumber})` : ''}</option>`,
  )
  return html`<tr><td>${r.sourceAccountName} <span class="muted">${r.sourceAccountNumber} ${r.sourceCurrency}</span></td>
<td>${r.status}</td>
<td colspan="2"><form method="post" action="${XERO_PAGES.mapping}">${hidden}
<label>Xero account <select name="targetAccountId">${options}<option value="">Create new account</option></select></label>
<label>Feed start date <input type="date" name="feedStartDate" value="${today}" max="${today}"></label>
<button type="submit" ${r.status === 'connecting' ? html`disabled` : ''}>Connect</button></form></td></tr>`
}

/** Codat's mapping UI for a Xero connection (X10-X15, X30): map each source account, or disconnect it. */
export function renderMappingPage(m: MappingModel, today: string): string {
  const errors = (m.errors ?? []).map((e) => html`<p class="error" role="alert">${e}</p>`)
  return page(
    'Xero: connect bank accounts',
    html`<h1>Connect bank accounts to ${m.org?.name ?? 'Xero'}</h1>
${m.notice ? html`<p class="note" role="status">${m.notice}</p>` : ''}${errors}
<p>Connection <code>${m.connectionId}</code> (${m.status}).
${m.org ? html`<a href="${XERO_PAGES.org}?${new URLSearchParams({ orgId: m.org.id }).toString()}">What Xero shows</a>` : ''}</p>
<table><thead><tr><th>Bank account</th><th>Status</th><th>Xero account</th><th></th></tr></thead>
<tbody>${m.rows.map((r) => rowHtml(m, r, today))}</tbody></table>
<p class="muted">"Connecting" turns "connected" once Xero has saved the feed (a few seconds of simulated time).</p>`,
  )
}
