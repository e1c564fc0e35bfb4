import { daysInWords, formatDay, formatMoney, plural, signOf } from '../format.js'
import { appPath, html, type SafeHtml } from '../html.js'
import { csrfField, layout, notice, type PageContext } from '../layout.js'
import type { AccountLink, CompanyDetail, ReconciliationItem, ReconciliationReport } from '../ports.js'
import { balanceChart } from './chart.js'
import { badge, moneyCell, reasonWords, stat } from './parts.js'
import { PLATFORM_NAMES, platformOf } from './platform-panels.js'

/** Which actions the ports offer. */
export interface ReconciliationActions {
  readonly redate: boolean
  readonly dismiss: boolean
  readonly acceptBalance: boolean
}

const STATE: Record<ReconciliationItem['state'], [Parameters<typeof badge>[0], string]> = {
  ready: ['info', 'Next push'],
  held: ['warn', 'Waiting'],
  quarantined: ['bad', 'Will not be sent'],
  dismissed: ['none', 'Dismissed'],
  in_flight: ['info', 'Being sent'],
}

function itemActions(
  ctx: PageContext,
  base: string,
  item: ReconciliationItem,
  actions: ReconciliationActions,
): SafeHtml {
  const redate = actions.redate && item.canRedate === true
  const accept = actions.acceptBalance && item.canAcceptBalance === true
  const dismiss =
    actions.dismiss && (item.canDismiss ?? (item.state !== 'dismissed' && item.state !== 'in_flight'))
  if (!redate && !accept && !dismiss) {
    return html`<span class="muted small">${item.state === 'dismissed' ? 'Dismissed' : 'No action needed'}</span>`
  }
  const id = `note-${encodeURIComponent(item.transactionId).replace(/[^A-Za-z0-9_-]/g, '_')}`
  const path = `${base}/transactions/${encodeURIComponent(item.transactionId)}`
  const first = redate ? 'redate' : accept ? 'accept-balance' : 'dismiss'
  return html`<form method="post" action="${path}/${first}" class="note-form">${csrfField(ctx)}
<label for="${id}">Note (why)</label><textarea id="${id}" name="note" required maxlength="500" rows="2"></textarea>
<div class="row">${redate ? html`<button type="submit" class="small">Redate and send</button>` : ''}
${accept ? html`<button type="submit" formaction="${path}/accept-balance" class="small">Accept the bank's balance</button>` : ''}
${dismiss ? html`<button type="submit" formaction="${path}/dismiss" class="secondary small">Dismiss</button>` : ''}</div></form>`
}

/** `/app/companies/{id}/accounts/{accountId}/reconciliation`: the bank against the company's ledger, every difference explained. */
export function reconciliationPage(
  ctx: PageContext,
  d: {
    company: CompanyDetail
    account: AccountLink
    report: ReconciliationReport
    actions: ReconciliationActions
  },
): SafeHtml {
  const { company, account, report, actions } = d
  const ledger = PLATFORM_NAMES[platformOf(company)]
  const cur = account.currency
  const base = appPath('companies', company.companyId, 'accounts', account.accountId)
  const balanced = signOf(report.difference) === 0
  const rows = report.items.map(
    (i) => html`<tr>
<td class="nowrap" data-label="Date">${formatDay(i.date)}</td>
<th scope="row">${i.description || i.transactionId}<span class="reason">${daysInWords(i.message)}</span></th>
${moneyCell(i.amount, cur, 'Amount')}
<td data-label="State">${badge(...STATE[i.state])}${i.code === i.state ? '' : html`<span class="reason">${reasonWords(i.code)}</span>`}</td>
<td>${itemActions(ctx, base, i, actions)}</td></tr>`,
  )
  return layout(ctx, {
    title: `Reconciliation · ${account.accountName} · ${company.name}`,
    crumbs: [
      { label: 'Companies', href: '/app' },
      { label: company.name, href: appPath('companies', company.companyId) },
      { label: account.accountName, href: base },
      { label: 'Reconciliation' },
    ],
    body: html`<h1>Reconciliation of ${account.accountName}</h1>
<p class="sub">${company.name} · the bank's ledger against what ${ledger} holds</p>
<dl class="grid">
${stat('Bank balance', formatMoney(report.bank.balance, cur), report.bank.reportedBalance === null ? undefined : `Bank reported ${formatMoney(report.bank.reportedBalance, cur)}`)}
${stat(`In ${ledger}`, formatMoney(report.destination.balance, cur), `${plural(report.destination.pushedCount, 'line')} sent${report.destination.awaitingPull > 0 ? `, ${report.destination.awaitingPull.toLocaleString('en-US')} since its last daily update` : ''}`)}
${stat('Difference', formatMoney(report.difference, cur), balanced ? 'They match' : `${plural(report.items.length, 'line')} behind it`)}
</dl>
${signOf(report.unexplained) === 0 ? '' : notice('bad', html`<p>${formatMoney(report.unexplained, cur)} of the difference is not explained by any line. Please report this.</p>`, 'alert')}
<h2>Balance over time</h2>
${balanceChart(report.history ?? [], cur, ledger)}
<h2>Lines behind the difference</h2>
${
  report.items.length === 0
    ? html`<p class="card">Nothing: every transaction the bank recorded is in ${ledger}.</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Date</th><th scope="col">Transaction</th><th scope="col" class="num">Amount</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="muted small">“Redate and send” pushes the line dated on the earliest day ${ledger} accepts, its original date kept in the description. “Accept the bank's balance” records the gap the bank reported so later lines flow again. “Dismiss” accepts that a line will not be sent; it stays listed here as dismissed.</p>`
}`,
  })
}
