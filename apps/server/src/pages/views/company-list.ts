import { formatDay, plural } from '../format.js'
import { appPath, html, type SafeHtml } from '../html.js'
import { layout, type PageContext } from '../layout.js'
import type { CompanySummary } from '../ports.js'
import { badge, connectionBadge } from './parts.js'
import { PLATFORM_NAMES } from './platform-panels.js'

/** `/app`: every company of the tenant, its link status and exceptions, searchable. */
export function companyListPage(
  ctx: PageContext,
  data: { companies: readonly CompanySummary[]; search: string },
): SafeHtml {
  const { companies, search } = data
  const withExceptions = companies.filter((c) => c.exceptions > 0).length
  const rows = companies.map(
    (c) => html`<tr>
<th scope="row"><a href="${appPath('companies', c.companyId)}">${c.name}</a></th>
<td data-label="Ledger">${PLATFORM_NAMES[c.platform ?? 'qbo']}</td>
<td data-label="Connection">${connectionBadge(c.connection)}</td>
<td class="num" data-label="Accounts linked">${c.linkedAccounts} of ${c.accounts}</td>
<td data-label="Exceptions">${c.exceptions > 0 ? badge('bad', plural(c.exceptions, 'account')) : badge('ok', 'None')}</td>
<td class="nowrap hide-sm" data-label="Set up on">${formatDay(c.onboardedAt.slice(0, 10))}</td>
<td class="hide-sm" data-label="Pushes"><a href="${appPath('companies', c.companyId, 'operations')}">Pushes</a></td>
</tr>`,
  )
  const table =
    companies.length === 0
      ? html`<div class="card"><p>${search === '' ? 'No company yet.' : html`No company matches “${search}”.`}</p>
<p><a class="button" href="/app/companies/new">Connect a business</a></p></div>`
      : html`<div class="table-wrap"><table class="stack">
<caption>${plural(companies.length, 'company', 'companies')}${
          withExceptions > 0 ? html`, ${withExceptions} with exceptions` : ''
        }</caption>
<thead><tr><th scope="col">Company</th><th scope="col">Ledger</th><th scope="col">Connection</th><th scope="col" class="num">Accounts linked</th>
<th scope="col">Exceptions</th><th scope="col" class="hide-sm">Set up on</th><th scope="col" class="hide-sm">Pushes</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
  return layout(ctx, {
    title: 'Companies',
    body: html`<h1>Companies</h1>
<p class="sub">Your business customers feeding their accounts into QuickBooks Online, Xero or Sage. An exception is an account with a transaction its ledger would refuse as it is, or one that has waited more than a day.</p>
<div class="actions">
<form class="search" method="get" action="/app" role="search">
<label for="q">Search companies</label>
<input id="q" name="q" type="search" value="${search}" placeholder="Company name" maxlength="100">
<button type="submit" class="secondary">Search</button>
</form>
<a class="button" href="/app/companies/new">Connect a business</a>
</div>
${table}`,
  })
}
