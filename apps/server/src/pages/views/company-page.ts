import { formatDay } from '../format.js'
import { appPath, html, type SafeHtml, safeUrl } from '../html.js'
import { csrfField, layout, notice, type PageContext } from '../layout.js'
import type { CompanyDetail, IssuedCredentials, SageHandOff, XeroMapping } from '../ports.js'
import { connectionBadge, linkBadge } from './parts.js'
import {
  PLATFORM_NAMES,
  platformOf,
  sageSection,
  xeroConnect,
  xeroMappingSection,
} from './platform-panels.js'

/** Where the feed start date comes from, per platform, while none is known. */
const START_CHOSEN = {
  qbo: 'Chosen in QuickBooks',
  xero: 'Chosen when mapping in Xero',
  sage: 'Set when connected in Sage',
}

/** Whether the page should keep re-reading the link status. */
export function linkPending(c: CompanyDetail): boolean {
  return c.connection.status !== 'Linked' || c.accounts.some((a) => a.link === 'not_linked')
}

const CODAT_WORDS: Readonly<Record<string, string>> = {
  pending: 'Waiting to be linked',
  connecting: 'Linking',
  connected: 'Connected',
  disconnected: 'Disconnected',
  unknown: 'Unknown',
}

/** The connection and accounts table: the page's status region and the polled fragment. */
export function statusBlock(c: CompanyDetail): SafeHtml {
  const platform = platformOf(c)
  const rows = c.accounts.map(
    (a) => html`<tr>
<th scope="row"><a href="${appPath('companies', c.companyId, 'accounts', a.accountId)}">${a.accountName}</a></th>
<td data-label="Status">${linkBadge(a.link)}${a.codatStatus === null ? '' : html`<span class="reason">Codat: ${CODAT_WORDS[a.codatStatus] ?? a.codatStatus}</span>`}</td>
<td class="nowrap" data-label="Feed start date">${a.feedStartDate === null ? html`<span class="muted">${START_CHOSEN[platform]}</span>` : formatDay(a.feedStartDate)}</td>
<td data-label="Currency">${a.currency}</td></tr>`,
  )
  return html`<p>${PLATFORM_NAMES[platform]} connection: ${connectionBadge(c.connection.status)}</p>
<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Feed start date</th><th scope="col">Currency</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${linkPending(c) ? html`<p class="muted small">This status refreshes by itself while the link is pending.<noscript> <a href="${appPath('companies', c.companyId)}">Refresh now</a>.</noscript></p>` : ''}`
}

/** The polled fragment: the status block in an element that says whether polling may stop. */
export function statusFragment(c: CompanyDetail): SafeHtml {
  return html`<div data-final="${linkPending(c) ? 'false' : 'true'}">${statusBlock(c)}</div>`
}

function steps(bankName: string, linkUrl: string | null): SafeHtml {
  return html`<h3>In QuickBooks Online</h3>
<ol class="steps">
<li>Sign in to QuickBooks Online and open <strong>Transactions › Bank transactions</strong>.</li>
<li>Choose <strong>Link account</strong>, search for <strong>${bankName}</strong> and select it${linkUrl === null ? '' : html` (or <a href="${safeUrl(linkUrl)}" target="_blank" rel="noopener noreferrer">open the QuickBooks link page</a>)`}.</li>
<li>When QuickBooks asks for a username and password, enter the ones shown above. They work once.</li>
<li>Pick the accounts to connect and, for each, the QuickBooks account it feeds.</li>
<li>Choose the <strong>feed start date</strong>: transactions dated on or after it are sent to QuickBooks; earlier ones are not.</li>
<li>Finish. This page shows <strong>Linked</strong> shortly after. QuickBooks first shows two test transactions, then your transactions after its next update.</li>
</ol>`
}

function credentialsPanel(ctx: PageContext, c: CompanyDetail, creds: IssuedCredentials): SafeHtml {
  return html`<section class="card" aria-labelledby="creds-title">
<h2 id="creds-title">Your one-time QuickBooks credentials</h2>
${notice('warn', html`<p><strong>Shown once.</strong> We do not keep them: copy them now. If you lose them, issue new ones.</p>`, 'alert')}
<div class="cred">
<span>Username</span><code class="secret" id="cred-username">${creds.username}</code>
<button type="button" class="secondary small" data-copy="cred-username" hidden>Copy username</button>
<span>Password</span><code class="secret" id="cred-password">${creds.password}</code>
<button type="button" class="secondary small" data-copy="cred-password" hidden>Copy password</button>
</div>
${steps(ctx.bankName, creds.linkUrl ?? c.connection.linkUrl)}
</section>`
}

function credentialActions(ctx: PageContext, c: CompanyDetail, shown: boolean): SafeHtml {
  const base = appPath('companies', c.companyId, 'credentials')
  const linked = c.connection.status === 'Linked'
  return html`<section aria-labelledby="cred-actions"><h2 id="cred-actions">QuickBooks credentials</h2>
${shown || linked ? '' : html`<p>To link, QuickBooks asks for a username and password from ${ctx.bankName}. Get them here: they are made for this business and work once.</p>`}
<div class="actions">
<form method="post" action="${base}" class="inline">${csrfField(ctx)}
<button type="submit" ${shown || linked ? html`class="secondary"` : ''}>${shown ? 'Issue new credentials' : 'Get QuickBooks credentials'}</button></form>
<form method="post" action="${base}/revoke" class="inline">${csrfField(ctx)}
<button type="submit" class="danger">Revoke credentials</button></form>
</div>
<p class="muted small">Revoke if they were shared by mistake: every pair issued so far stops working${linked ? ', and an account linked with them stops receiving transactions until it is linked again' : ''}.</p>
</section>`
}

/** What a company page shows once, just after it was asked for. */
export interface CompanyPageOptions {
  /** QBO: the one-time credentials just issued. */
  readonly credentials?: IssuedCredentials
  /** Sage: the connection id and the one-time password just issued. */
  readonly sage?: SageHandOff
  /** Xero: every account's mapping (read while the connection is Linked). */
  readonly mappings?: readonly XeroMapping[]
  /** The organisation's name in the ledger (Xero), when Codat gives it. */
  readonly ledgerName?: string | null
  /** A refusal to show above the page (a mapping Xero refused). */
  readonly problem?: string
}

/** The platform's hand-off: QBO credentials and steps, Xero's link and mapping, Sage's password. */
function handOff(ctx: PageContext, c: CompanyDetail, opts: CompanyPageOptions, pending: boolean): SafeHtml {
  switch (platformOf(c)) {
    case 'xero':
      return html`${xeroConnect(c)}${opts.mappings === undefined ? '' : xeroMappingSection(ctx, c, opts.mappings)}`
    case 'sage':
      return sageSection(ctx, c, opts.sage)
    default:
      return html`${credentialActions(ctx, c, opts.credentials !== undefined)}
${opts.credentials === undefined && pending ? html`<details><summary>What happens in QuickBooks</summary>${steps(ctx.bankName, c.connection.linkUrl)}</details>` : ''}`
  }
}

/** `/app/companies/{id}`: connection, accounts and the platform's link hand-off (shown once when just issued). */
export function companyPage(ctx: PageContext, c: CompanyDetail, opts: CompanyPageOptions = {}): SafeHtml {
  const operator = ctx.viewer?.kind === 'operator'
  const pending = linkPending(c)
  const linked = c.connection.status === 'Linked'
  return layout(ctx, {
    title: c.name,
    crumbs: operator ? [{ label: 'Companies', href: '/app' }, { label: c.name }] : [],
    body: html`<h1>${c.name}</h1>
<p class="sub">Set up on ${formatDay(c.onboardedAt.slice(0, 10))}${c.description === null ? '' : html` · ${c.description}`} · ${PLATFORM_NAMES[platformOf(c)]}${opts.ledgerName == null ? '' : html` organisation “${opts.ledgerName}”`}</p>
${opts.problem === undefined ? '' : notice('bad', html`<p>${opts.problem}</p>`, 'alert')}
${opts.credentials === undefined ? '' : credentialsPanel(ctx, c, opts.credentials)}
${linked && !pending ? notice('ok', html`<p>Every account is linked to ${PLATFORM_NAMES[platformOf(c)]}. New transactions are sent as they clear.</p>`) : ''}
<section aria-labelledby="status-title"><h2 id="status-title">Connection and accounts</h2>
<div id="link-status" aria-live="polite" ${pending ? html`data-poll="${appPath('companies', c.companyId, 'status')}"` : ''} data-final="${pending ? 'false' : 'true'}">
${statusBlock(c)}
</div></section>
${handOff(ctx, c, opts, pending)}
${operator ? html`<p><a href="${appPath('companies', c.companyId, 'operations')}">Push operations of this company</a></p>` : ''}`,
  })
}
