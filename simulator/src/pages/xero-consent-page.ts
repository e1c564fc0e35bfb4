import { html, page, type SafeHtml } from './html.js'

/** Paths of Xero's pages (PLATFORMS.md X4, §6). */
export const XERO_PAGES = {
  /** The path of a Xero connection's `linkUrl`. */
  linkUrl: '/_sim/link/companies/:companyId/connections/:connectionId/start',
  consent: '/_sim/link/consent',
  redirect: '/_sim/link/redirect',
  index: '/_sim/pages/xero',
  orgs: '/_sim/pages/xero/orgs',
  org: '/_sim/pages/xero/org',
  mapping: '/_sim/pages/xero/mapping',
  disconnect: '/_sim/pages/xero/mapping/disconnect',
} as const

/** What the consent page shows (`sim.control.xero.consentView`). */
export interface ConsentModel {
  companyId: string
  connectionId: string
  otp: string
  companyName: string
  status: string
  scopes: string[]
  /** The base currency a new organisation is offered with (the bank accounts' currency). */
  currency: string
  orgs: { id: string; name: string; baseCurrency: string }[]
  errors?: string[]
}

/** Xero's sign-in and consent (X4, X7): pick the organisation, see the scopes, Allow or Cancel. */
export function renderConsentPage(m: ConsentModel): string {
  const orgs = m.orgs.map(
    (o, i) =>
      html`<label><input type="radio" name="orgId" value="${o.id}" ${i === 0 ? html`checked` : ''}> ${o.name} <span class="muted">(${o.baseCurrency})</span></label>`,
  )
  const errors = (m.errors ?? []).map((e) => html`<p class="error" role="alert">${e}</p>`)
  return page(
    'Xero: allow access',
    html`<h1>Xero: allow Codat access for ${m.companyName}</h1>
${errors}
<p>Connection <code>${m.connectionId}</code> (${m.status}). Codat asks for:</p>
<ul>${m.scopes.map((s) => html`<li><code>${s}</code></li>`)}</ul>
<form method="post" action="${XERO_PAGES.consent}">
<input type="hidden" name="companyId" value="${m.companyId}">
<input type="hidden" name="connectionId" value="${m.connectionId}">
<input type="hidden" name="otp" value="${m.otp}">
<fieldset><legend>Organisation</legend>
${orgs.length ? orgs : html`<p>No Xero organisation yet: create one below, then allow access.</p>`}
</fieldset>
<button type="submit" name="decision" value="allow" ${orgs.length ? '' : html`disabled`}>Allow access</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>
${orgs.length ? '' : newOrgForm(m)}
<p class="muted">The link works once and for one hour; a used or expired link needs a fresh one from the bank.</p>`,
  )
}

/** The link page's own address (where a new organisation's form comes back to). */
export function linkPath(m: Pick<ConsentModel, 'companyId' | 'connectionId' | 'otp'>): string {
  return `/_sim/link/companies/${encodeURIComponent(m.companyId)}/connections/${encodeURIComponent(m.connectionId)}/start?otp=${encodeURIComponent(m.otp)}`
}

/** A Xero organisation made on the spot (named after the company), then back to this consent page. */
function newOrgForm(m: ConsentModel): SafeHtml {
  return html`<form method="post" action="${XERO_PAGES.orgs}"><fieldset><legend>New Xero organisation</legend>
<input type="hidden" name="returnTo" value="${linkPath(m)}">
<label>Name <input name="name" required maxlength="100" value="${m.companyName}"></label>
<label>Base currency <input name="baseCurrency" value="${m.currency}" pattern="[A-Z]{3}" maxlength="3"></label>
<label>Bank account name <input name="bankAccountName" value="Business Checking" maxlength="100"></label>
<button type="submit">Create organisation</button></fieldset></form>`
}

/** Where Codat's Link sends the SMB after auth (X5): the reserved parameters, for a person to read. */
export function renderRedirectPage(params: Record<string, string>): string {
  const cancelled = params.statusCode === '403'
  return page(
    'Back at the bank',
    html`<h1>${cancelled ? 'Linking cancelled' : 'Linked'}</h1>
<p class="${cancelled ? 'error' : 'note'}">${cancelled ? 'You cancelled in Xero; nothing was linked.' : 'Xero is linked.'}</p>
<table><tbody>${Object.entries(params).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>`,
  )
}
