import { formatInstant, plural } from '../format.js'
import { appPath, html, type SafeHtml } from '../html.js'
import { layout, type PageContext } from '../layout.js'
import type { CompanyDetail, OperationRow } from '../ports.js'
import { batchBadge } from './parts.js'

/** `/app/companies/{id}/operations`: every push operation of the company and its outcome. */
export function operationsPage(
  ctx: PageContext,
  company: CompanyDetail,
  operations: readonly OperationRow[],
): SafeHtml {
  const names = new Map(company.accounts.map((a) => [a.accountId, a.accountName]))
  const rows = operations.map(
    (o) => html`<tr>
<td class="nowrap" data-label="Planned">${formatInstant(o.plannedAt)}</td>
<th scope="row"><a href="${appPath('companies', company.companyId, 'accounts', o.accountId)}">${names.get(o.accountId) ?? o.accountId}</a></th>
<td class="num" data-label="Lines">${o.lines.toLocaleString('en-US')}</td>
<td data-label="Outcome">${batchBadge(o.status)}${o.message === null ? '' : html`<span class="reason">${o.message}</span>`}
${o.rejections.length === 0 ? '' : html`<details><summary>${plural(o.rejections.length, 'line')} refused</summary><ul class="small">${o.rejections.map((r) => html`<li><code>${r.transactionId}</code>: ${r.message}</li>`)}</ul></details>`}</td>
<td class="nowrap hide-sm" data-label="Finished">${formatInstant(o.completedAt)}</td>
<td class="hide-sm small"><code>${o.pushOperationKey ?? '—'}</code></td>
</tr>`,
  )
  return layout(ctx, {
    title: `Push operations · ${company.name}`,
    crumbs: [
      { label: 'Companies', href: '/app' },
      { label: company.name, href: appPath('companies', company.companyId) },
      { label: 'Push operations' },
    ],
    body: html`<h1>Push operations of ${company.name}</h1>
<p class="sub">Each push sends up to 1000 transactions of one account to QuickBooks through Codat. Newest first.</p>
${
  operations.length === 0
    ? html`<p class="card">No push yet. Pushes start once an account is linked and has transactions ready.</p>`
    : html`<div class="table-wrap"><table class="stack">
<caption>${plural(operations.length, 'push', 'pushes')}</caption>
<thead><tr><th scope="col">Planned</th><th scope="col">Account</th><th scope="col" class="num">Lines</th><th scope="col">Outcome</th>
<th scope="col" class="hide-sm">Finished</th><th scope="col" class="hide-sm">Codat operation</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}`,
  })
}
