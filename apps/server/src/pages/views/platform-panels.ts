import { formatDay } from '../format.js'
import { appPath, html, type SafeHtml } from '../html.js'
import { csrfField, notice, type PageContext } from '../layout.js'
import type { CompanyDetail, Platform, SageHandOff, XeroMapping } from '../ports.js'

/** The ledger's name as the customer knows it. */
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  qbo: 'QuickBooks',
  xero: 'Xero',
  sage: 'Sage',
}

/** The company's platform (QuickBooks for a company set up before Xero and Sage). */
export function platformOf(c: CompanyDetail): Platform {
  return c.platform ?? 'qbo'
}

/** "Connect to Xero": a link to our route, which reads a fresh single-use `linkUrl` per click. */
export function xeroConnect(c: CompanyDetail): SafeHtml {
  const linked = c.connection.status === 'Linked'
  return html`<section aria-labelledby="xero-connect"><h2 id="xero-connect">Xero</h2>
<p>${linked ? 'Xero access is allowed. To connect more accounts, or if Xero asks to reconnect, connect again:' : 'The customer signs in to Xero, picks the organisation and allows access for the bank feed.'}</p>
<p><a class="button${linked ? ' secondary' : ''}" href="${appPath('companies', c.companyId, 'connect', 'xero')}" rel="noopener noreferrer">Connect to Xero</a></p>
<p class="muted small">Each click makes a new link: it works once, for about an hour.</p>
</section>`
}

function mappingRow(ctx: PageContext, c: CompanyDetail, m: XeroMapping): SafeHtml {
  const name = c.accounts.find((a) => a.accountId === m.accountId)?.accountName ?? m.accountId
  const id = `map-${m.accountId.replace(/[^A-Za-z0-9_-]/g, '_')}`
  if (m.status === 'connected' || m.status === 'connecting') {
    return html`<tr><th scope="row">${name}</th><td data-label="Xero account">${m.targetAccountName ?? 'A new Xero account'}</td>
<td data-label="Status">${m.status === 'connected' ? 'Connected' : 'Xero is saving the feed'}</td>
<td data-label="Feed start date">${m.feedStartDate === null ? html`<span class="muted">—</span>` : formatDay(m.feedStartDate)}</td></tr>`
  }
  return html`<tr><th scope="row">${name}</th><td colspan="3">
<form method="post" action="${appPath('companies', c.companyId, 'accounts', m.accountId, 'mapping')}" class="fields">
${csrfField(ctx)}
<div><label for="${id}-target">Xero account it feeds</label>
<select id="${id}-target" name="targetAccountId">
${m.options.map((o) => html`<option value="${o.id}">${o.name ?? o.id}</option>`)}
<option value="new">Create a new Xero account named “${name}”</option>
</select></div>
<div><label for="${id}-start">Feed start date (optional)</label>
<input id="${id}-start" name="feedStartDate" type="date" autocomplete="off">
<span class="hint">Xero shows the feed from this day; the bank still sends up to a year of history.</span></div>
<div class="actions"><button type="submit">Map account</button></div>
</form></td></tr>`
}

/** Once Xero access is allowed: each account's mapping, with a form for those not mapped yet. */
export function xeroMappingSection(
  ctx: PageContext,
  c: CompanyDetail,
  mappings: readonly XeroMapping[],
): SafeHtml {
  return html`<section aria-labelledby="xero-map"><h2 id="xero-map">Map accounts in Xero</h2>
<p>Pick, for each account, the Xero bank account it feeds, or let Xero create one.</p>
<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Account</th><th scope="col">Xero account</th><th scope="col">Status</th><th scope="col">Feed start date</th></tr></thead>
<tbody>${mappings.map((m) => mappingRow(ctx, c, m))}</tbody></table></div>
</section>`
}

function sageSteps(bankName: string): SafeHtml {
  return html`<h3>In Sage</h3>
<ol class="steps">
<li>Sign in to Sage and open the <strong>Banking</strong> tab.</li>
<li>Open the Sage bank account to feed and choose <strong>Connect Bank</strong>.</li>
<li>Pick <strong>${bankName}</strong>. A Codat page asks for the <strong>Connection ID</strong> and the <strong>One-time password</strong>: enter the ones shown above, then <strong>Submit</strong>.</li>
<li>Pick the account to feed and choose <strong>OK</strong>. Where Sage asks, <strong>Confirm</strong> the feed on its Banking Cloud tab.</li>
<li>This page shows <strong>Linked</strong> once Sage has connected it; transactions are sent from the moment of connecting. Each further account needs a new password.</li>
</ol>`
}

/** Sage: a form for a fresh one-time password, and the hand-off when just issued (shown once). */
export function sageSection(ctx: PageContext, c: CompanyDetail, handOff: SageHandOff | undefined): SafeHtml {
  const shown =
    handOff === undefined
      ? ''
      : html`<section class="card" aria-labelledby="sage-title">
<h2 id="sage-title">Connect in Sage</h2>
${notice('warn', html`<p><strong>Shown once.</strong> The password works once, until ${handOff.expiry.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}. We do not keep it.</p>`, 'alert')}
<div class="cred">
<span>Connection ID</span><code class="secret" id="sage-connection">${handOff.connectionId}</code>
<button type="button" class="secondary small" data-copy="sage-connection" hidden>Copy connection ID</button>
<span>One-time password</span><code class="secret" id="sage-otp">${handOff.otp}</code>
<button type="button" class="secondary small" data-copy="sage-otp" hidden>Copy password</button>
</div>
${sageSteps(ctx.bankName)}
</section>`
  return html`${shown}<section aria-labelledby="sage-actions"><h2 id="sage-actions">Sage</h2>
<p>The customer connects from inside Sage with this business's connection ID and a one-time password.</p>
<form method="post" action="${appPath('companies', c.companyId, 'sage-otp')}" class="inline">${csrfField(ctx)}
<button type="submit" ${handOff === undefined ? '' : html`class="secondary"`}>${handOff === undefined ? 'Get a one-time password' : 'Get a new password'}</button></form>
${handOff === undefined ? html`<details><summary>What happens in Sage</summary>${sageSteps(ctx.bankName)}</details>` : ''}
</section>`
}
