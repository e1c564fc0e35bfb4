import { html, page } from './html.js'
import { formatAmount } from './money.js'
import { XERO_PAGES } from './xero-consent-page.js'

interface Line {
  id: string
  date: string
  description: string
  amount: string
  balance: string
  transactionType: string | null
}
/** The organisation's ledger view (`GET /_sim/xero/orgs/{id}`). */
export interface OrgView {
  id: string
  name: string
  baseCurrency: string
  connections: { companyId: string; connectionId: string; status: string }[]
  bankAccounts: {
    id: string
    name: string
    type: string
    currency: string
    feed: string
    feedRemovedAt: string | null
    balance: string | null
    lines: Line[]
    statements: { pushOperationKey: string; state: string; at: string; lines: number; reasons: string[] }[]
    droppedDuplicates: { id: string; date: string; amount: string }[]
    balanceDrift: { pushOperationKey: string; previousClosing: string; opening: string }[]
  }[]
}

const orgUrl = (id: string) => `${XERO_PAGES.org}?${new URLSearchParams({ orgId: id })}`

/** What Xero shows per bank account: feed, balance, Incoming Bank Transactions, statements, duplicates, drift. */
export function renderOrgPage(v: OrgView, now: string): string {
  const accounts = v.bankAccounts.map(
    (b) => html`<h2>${b.name} <span class="muted">${b.type} ${b.currency}</span></h2>
<p>Feed: <code>${b.feed}</code>${b.feedRemovedAt ? html` <strong>removed ${b.feedRemovedAt}</strong>` : ''}.
Balance: <strong>${b.balance === null ? '—' : formatAmount(b.balance, b.currency)}</strong></p>
${
  b.lines.length
    ? html`<table><thead><tr><th>Date</th><th>Description</th><th>Type</th><th class="num">Amount</th><th class="num">Balance</th></tr></thead>
<tbody>${b.lines.map((l) => html`<tr><td>${l.date.slice(0, 10)}</td><td>${l.description}</td><td>${l.transactionType ?? ''}</td><td class="num">${formatAmount(l.amount, b.currency)}</td><td class="num">${formatAmount(l.balance, b.currency)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">No incoming bank transactions.</p>`
}
${b.statements.length ? html`<p class="muted">Statements: ${b.statements.map((s) => html`${s.state} (${s.lines} lines${s.reasons.length ? `: ${s.reasons.join('; ')}` : ''}) `)}</p>` : ''}
${b.droppedDuplicates.length ? html`<p class="muted">Dropped duplicates: ${b.droppedDuplicates.map((d) => d.id).join(', ')}</p>` : ''}
${b.balanceDrift.length ? html`<p class="error">Balance drift: ${b.balanceDrift.map((d) => `opening ${d.opening} after closing ${d.previousClosing}`).join('; ')}</p>` : ''}`,
  )
  return page(
    `Xero: ${v.name}`,
    html`<h1>Xero organisation ${v.name}</h1>
<p class="muted">Base currency ${v.baseCurrency}; as of ${now}. <a href="${XERO_PAGES.index}">All organisations</a></p>
<p>Connections: ${v.connections.map((c) => html`<a href="${XERO_PAGES.mapping}?${new URLSearchParams({ companyId: c.companyId, connectionId: c.connectionId }).toString()}">${c.connectionId}</a> (${c.status}) `)}</p>
${accounts}`,
  )
}

/** Every organisation, and a form to create one with a bank account. */
export function renderOrgIndexPage(
  orgs: { id: string; name: string; baseCurrency: string }[],
  errors: string[] = [],
): string {
  return page(
    'Xero organisations',
    html`<h1>Xero organisations</h1>${errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
${orgs.length ? html`<ul>${orgs.map((o) => html`<li><a href="${orgUrl(o.id)}">${o.name}</a> (${o.baseCurrency})</li>`)}</ul>` : html`<p>No organisations yet.</p>`}
<form method="post" action="${XERO_PAGES.orgs}"><fieldset><legend>New organisation</legend>
<label>Name <input name="name" required maxlength="100"></label>
<label>Base currency <input name="baseCurrency" value="USD" pattern="[A-Z]{3}" maxlength="3"></label>
<label>Bank account name <input name="bankAccountName" value="Business Checking" maxlength="100"></label>
<button type="submit">Create</button></fieldset></form>`,
  )
}
