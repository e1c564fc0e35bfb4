import { html, page } from './html.js'
import { formatAmount } from './money.js'

/** One bank account of `GET /_sim/sage/businesses/{id}` (the fields the pages show). */
export interface SageBankView {
  id: string
  name: string
  currency: string
  feedState: string
  connectionId: string | null
  sourceAccountId: string | null
  sourceAccountStatus: string | null
  feedStartDate: string | null
  balance: string | null
  lines: {
    id: string
    date: string
    description: string
    amount: string
    balance: string | null
    preExisting: boolean
  }[]
  awaitingRefresh: number
  statements: { pushOperationKey: string; status: string; requestedOn: string | null }[]
}

/** The body of `GET /_sim/sage/businesses/{id}`. */
export interface SageBusinessView {
  id: string
  name: string
  product: string
  lastRefreshAt: string | null
  nextRefreshAt: string | null
  bankAccounts: SageBankView[]
}

/** Paths of the Sage pages. */
export const SAGE_PAGES = {
  index: '/_sim/pages/sage',
  business: '/_sim/pages/sage/business',
  connect: '/_sim/pages/sage/connect',
  select: '/_sim/pages/sage/select',
  refresh: '/_sim/pages/sage/refresh',
  confirm: '/_sim/pages/sage/confirm',
  disconnect: '/_sim/pages/sage/disconnect',
  businesses: '/_sim/pages/sage/businesses',
} as const

/** The ledger view's URL, with a notice to show. */
export const businessUrl = (businessId: string, notice?: string) =>
  `${SAGE_PAGES.business}?${new URLSearchParams({ businessId, ...(notice ? { notice } : {}) })}`

const action = (path: string, label: string, b: SageBusinessView, bank?: SageBankView) =>
  html`<form method="post" action="${path}" class="inline">
<input type="hidden" name="businessId" value="${b.id}">
${bank ? html`<input type="hidden" name="sageBankAccountId" value="${bank.id}">` : null}
<button type="submit">${label}</button></form>`

function bankSection(b: SageBusinessView, bank: SageBankView) {
  const money = (x: string) => formatAmount(x, bank.currency)
  const fed =
    bank.sourceAccountId !== null && bank.sourceAccountStatus !== 'disconnected' && bank.feedState !== 'none'
  const connectUrl = `${SAGE_PAGES.connect}?${new URLSearchParams({ businessId: b.id, sageBankAccountId: bank.id })}`
  return html`<section class="account" data-account="${bank.id}">
<h2>${bank.name} <span class="muted">${bank.currency} &middot; <code>${bank.id}</code></span></h2>
<p>Bank feed: <strong class="feed-state">${bank.feedState}</strong>${
    bank.sourceAccountId
      ? html` &middot; source account <code>${bank.sourceAccountId}</code> (${bank.sourceAccountStatus ?? 'deleted'}) &middot; start date ${bank.feedStartDate ?? '—'}`
      : null
  }</p>
<p>Balance: <strong class="balance">${bank.balance === null ? 'none yet' : money(bank.balance)}</strong> &middot;
accepted, shown after the next refresh: ${bank.awaitingRefresh}</p>
<p>${fed ? null : html`<a href="${connectUrl}">Connect Bank</a>`}
${bank.feedState === 'PendingConfirmation' ? action(SAGE_PAGES.confirm, 'Confirm', b, bank) : null}
${fed ? action(SAGE_PAGES.disconnect, 'Disconnect feed', b, bank) : null}</p>
<table><thead><tr><th>Date</th><th>Description</th><th class="num">Amount</th><th class="num">Balance</th><th></th></tr></thead>
<tbody>${bank.lines.map(
    (l) => html`<tr class="${l.preExisting ? 'test' : 'line'}" data-id="${l.id}">
<td>${l.date}</td><td>${l.description}</td><td class="num">${money(l.amount)}</td><td class="num">${l.balance === null ? '' : money(l.balance)}</td>
<td>${l.preExisting ? 'entered in Sage' : ''}</td></tr>`,
  )}</tbody></table>
${
  bank.statements.length
    ? html`<p class="muted">Statements: ${bank.statements.map((s) => `${s.requestedOn ?? ''} ${s.status}`).join(' · ')}</p>`
    : null
}
</section>`
}

/**
 * A Sage business's Banking tab: per bank account its feed state, the lines Sage shows (Incoming Bank
 * Transactions, after a refresh), balance and statements; Connect Bank, Confirm, Disconnect and Refresh.
 */
export function renderSageLedgerPage(b: SageBusinessView, now: string, notice?: string): string {
  const body = html`<h1>Sage &mdash; ${b.name} (simulated)</h1>
<p>${b.product} <span class="muted">(<code>${b.id}</code>)</span>. Simulated time: <span class="now">${now}</span>.
Last refresh: ${b.lastRefreshAt ?? 'never'}; next daily refresh: ${b.nextRefreshAt ?? 'none (nothing connected)'}.</p>
${notice ? html`<p class="note" role="status">${notice}</p>` : null}
${action(SAGE_PAGES.refresh, 'Refresh bank feeds', b)} <span class="muted">Sage allows a manual refresh every 15 minutes.</span>
${b.bankAccounts.map((bank) => bankSection(b, bank))}
<p><a href="${SAGE_PAGES.index}">All Sage businesses</a></p>`
  return page(`Banking — ${b.name} — Sage (simulated)`, body)
}

/** A new Sage business with one bank account (what a person needs before Connect Bank). */
const newBusinessForm = html`<form method="post" action="${SAGE_PAGES.businesses}"><fieldset><legend>New Sage business</legend>
<label>Name <input name="name" required maxlength="100"></label>
<label>Bank account name <input name="bankAccountName" required value="Business Current Account" maxlength="100"></label>
<label>Currency <input name="currency" value="GBP" pattern="[A-Z]{3}" maxlength="3"></label>
<button type="submit">Create business</button></fieldset></form>`

/** The list of Sage businesses, and a form for a new one. */
export function renderSageIndexPage(list: SageBusinessView[], errors: string[] = []): string {
  const rows = list.map(
    (
      b,
    ) => html`<tr><td><a href="${businessUrl(b.id)}">${b.name}</a></td><td>${b.product}</td><td>${b.bankAccounts.length}</td>
<td>${b.bankAccounts.map((x) => `${x.name}: ${x.feedState}`).join(', ')}</td></tr>`,
  )
  return page(
    'Sage businesses (simulated)',
    html`<h1>Sage businesses</h1>
${errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
${rows.length ? html`<table><thead><tr><th>Business</th><th>Product</th><th>Bank accounts</th><th>Feeds</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No Sage business yet: create one below (or <code>POST /_sim/sage/businesses</code>), then open its Banking tab and Connect Bank with the connection ID and one-time password from the bank.</p>`}
${newBusinessForm}`,
  )
}
