import { daysInWords, formatDay, formatInstant, formatMoney, plural } from '../format.js'
import { appPath, html, queryString, type SafeHtml } from '../html.js'
import { csrfField, layout, type PageContext } from '../layout.js'
import type { AccountFeed, AccountLink, CompanyDetail, TransactionQuery, TransactionRow } from '../ports.js'
import {
  batchBadge,
  linkBadge,
  moneyCell,
  reasonWords,
  SYNC_STATUSES,
  SYNC_WORDS,
  stat,
  syncBadge,
} from './parts.js'
import { PLATFORM_NAMES, platformOf } from './platform-panels.js'

/** Data of the account page. */
export interface AccountPageData {
  readonly company: CompanyDetail
  readonly account: AccountLink
  readonly feed: AccountFeed
  readonly transactions: { readonly total: number; readonly items: readonly TransactionRow[] }
  readonly query: TransactionQuery
  readonly reconciliation: boolean
}

function reasonsList(reasons: Readonly<Record<string, number>>): SafeHtml {
  const entries = Object.entries(reasons).filter(([, n]) => n > 0)
  if (entries.length === 0) return html``
  return html`<ul class="small">${entries.map(([code, n]) => html`<li>${plural(n, 'line')}: ${reasonWords(code)}</li>`)}</ul>`
}

function feedBlock(d: AccountPageData): SafeHtml {
  const { feed, account } = d
  const ledger = PLATFORM_NAMES[platformOf(d.company)]
  const c = feed.counts
  const last = feed.lastPush
  return html`<dl class="grid">
${stat(`Sent to ${ledger}`, c.pushed.toLocaleString('en-US'), feed.pushedBalance === null ? undefined : `Balance there: ${formatMoney(feed.pushedBalance, account.currency)}`)}
${stat('Ready to send', c.ready.toLocaleString('en-US'), c.inFlight > 0 ? `${c.inFlight.toLocaleString('en-US')} being sent now` : undefined)}
${stat('Waiting', c.held.toLocaleString('en-US'), c.pending > 0 ? `${c.pending.toLocaleString('en-US')} not yet cleared` : undefined)}
${stat('Will not be sent', c.quarantined.toLocaleString('en-US'))}
</dl>
${reasonsList(feed.holdReasons)}${reasonsList(feed.quarantineReasons)}
<dl class="facts card">
<dt>Link</dt><dd>${linkBadge(feed.link)}</dd>
<dt>Feed start date</dt><dd>${formatDay(feed.feedStartDate)}</dd>
<dt>Newest day in ${ledger}</dt><dd>${formatDay(feed.destinationNewestDate)}</dd>
<dt>Push in progress</dt><dd>${feed.batchInFlight === null ? 'None' : html`${plural(feed.batchInFlight.lines, 'line')}, ${feed.batchInFlight.status.replaceAll('_', ' ')}`}</dd>
<dt>Last push</dt><dd>${last === null ? 'None yet' : html`${batchBadge(last.status)} ${plural(last.lines, 'line')}, ${formatInstant(last.completedAt ?? last.plannedAt)}`}</dd>
</dl>`
}

function pageHref(d: AccountPageData, over: Partial<TransactionQuery>): string {
  const q = { ...d.query, ...over }
  return `${appPath('companies', d.company.companyId, 'accounts', d.account.accountId)}${queryString({
    status: q.syncStatus,
    sort: q.orderBy === 'date' ? undefined : q.orderBy,
    page: q.page === 1 ? undefined : q.page,
  })}#transactions`
}

function transactionsTable(d: AccountPageData): SafeHtml {
  const { items, total } = d.transactions
  const q = d.query
  const currency = d.account.currency
  const pages = Math.max(1, Math.ceil(total / q.pageSize))
  const ascending = q.orderBy === 'date'
  // The bank's own per-line balance, when it sends one: a column of dashes says nothing.
  const balances = items.some((t) => t.balance !== null)
  const filter = html`<form class="filters" method="get" action="${appPath('companies', d.company.companyId, 'accounts', d.account.accountId)}#transactions">
<div><label for="status">Show</label><select id="status" name="status">
<option value="">All transactions</option>
${SYNC_STATUSES.map((s) => html`<option value="${s}" ${q.syncStatus === s ? html`selected` : ''}>${SYNC_WORDS[s][1]}</option>`)}
</select></div>
<div><label for="sort">Order</label><select id="sort" name="sort">
<option value="-date" ${ascending ? '' : html`selected`}>Newest first</option><option value="date" ${ascending ? html`selected` : ''}>Oldest first</option>
</select></div>
<button type="submit" class="secondary">Apply</button></form>`
  const rows = items.map(
    (t) => html`<tr>
<td class="nowrap" data-label="Date">${formatDay(t.date)}</td>
<th scope="row">${t.description}<span class="reason">${t.status === 'pending' ? 'Pending at the bank' : t.status === 'voided' ? 'Voided by the bank' : ''}</span></th>
${moneyCell(t.amount, currency, 'Amount')}
${balances ? moneyCell(t.balance, currency, 'Bank balance') : ''}
<td data-label="Status">${syncBadge(t.sync.status)}${t.sync.reason === null ? '' : html`<span class="reason">${daysInWords(t.sync.reason.message)}</span>`}</td>
</tr>`,
  )
  const table =
    items.length === 0
      ? html`<p class="card">${q.syncStatus === undefined ? 'No transactions yet.' : 'No transaction has this status.'}</p>`
      : html`<div class="table-wrap"><table class="stack">
<caption>${plural(total, 'transaction')}${q.syncStatus === undefined ? '' : html` · ${SYNC_WORDS[q.syncStatus][1]}`} · page ${q.page} of ${pages}</caption>
<thead><tr><th scope="col" aria-sort="${ascending ? 'ascending' : 'descending'}"><a href="${pageHref(d, { orderBy: ascending ? '-date' : 'date', page: 1 })}">Date <span aria-hidden="true">${ascending ? '▲' : '▼'}</span><span class="sr">, sort ${ascending ? 'newest first' : 'oldest first'}</span></a></th>
<th scope="col">Description</th><th scope="col" class="num">Amount</th>${balances ? html`<th scope="col" class="num">Bank balance</th>` : ''}<th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
  const pager =
    pages <= 1
      ? html``
      : html`<nav class="pager" aria-label="Pages">
${q.page > 1 ? html`<a href="${pageHref(d, { page: q.page - 1 })}" rel="prev">‹ Previous</a>` : ''}
<span>Page ${q.page} of ${pages}</span>
${q.page < pages ? html`<a href="${pageHref(d, { page: q.page + 1 })}" rel="next">Next ›</a>` : ''}</nav>`
  return html`${filter}${table}${pager}`
}

/** `/app/companies/{id}/accounts/{accountId}`: the feed, Sync now, and the transactions table. */
export function accountPage(ctx: PageContext, d: AccountPageData): SafeHtml {
  const { company, account } = d
  const ledger = PLATFORM_NAMES[platformOf(company)]
  const base = appPath('companies', company.companyId, 'accounts', account.accountId)
  const operator = ctx.viewer?.kind === 'operator'
  return layout(ctx, {
    title: `${account.accountName} · ${company.name}`,
    crumbs: [
      ...(operator ? [{ label: 'Companies', href: '/app' }] : []),
      { label: company.name, href: appPath('companies', company.companyId) },
      { label: account.accountName },
    ],
    body: html`<h1>${account.accountName}</h1>
<p class="sub">${company.name} · ${account.currency}</p>
<section aria-labelledby="feed-title"><h2 id="feed-title">Feed to ${ledger}</h2>
${feedBlock(d)}
<div class="actions">
<form method="post" action="${base}/sync" class="inline" data-once>${csrfField(ctx)}<button type="submit">Sync now</button></form>
${operator && d.reconciliation ? html`<a class="button secondary" href="${base}/reconciliation">Reconciliation</a>` : ''}
</div></section>
<section aria-labelledby="transactions"><h2 id="transactions" tabindex="-1">Transactions</h2>
${transactionsTable(d)}</section>`,
  })
}
