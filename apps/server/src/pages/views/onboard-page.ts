import { html, type SafeHtml } from '../html.js'
import { csrfField, layout, notice, type PageContext } from '../layout.js'
import {
  ACCOUNT_TYPES,
  type AccountDraft,
  CURRENCIES,
  type FieldErrors,
  MAX_ACCOUNTS,
  type OnboardDraft,
  PLATFORMS,
} from '../onboard-form.js'

let zones: readonly string[] | undefined
function timeZones(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]
  return zones
}

/** A labelled input with its hint and error, wired with aria-describedby. */
function input(
  name: string,
  label: string,
  value: string,
  errors: FieldErrors,
  opts: {
    hint?: string
    type?: string
    required?: boolean
    inputmode?: string
    autocomplete?: string
    wide?: boolean
  } = {},
): SafeHtml {
  const id = name.replaceAll('.', '-')
  const error = errors[name]
  const described = [opts.hint === undefined ? '' : `${id}-hint`, error === undefined ? '' : `${id}-error`]
    .filter((s) => s !== '')
    .join(' ')
  return html`<div ${opts.wide === true ? html`class="wide"` : ''}><label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="${opts.type ?? 'text'}" value="${value}" ${opts.required === false ? '' : html`required`}
 ${opts.inputmode === undefined ? '' : html`inputmode="${opts.inputmode}"`} autocomplete="${opts.autocomplete ?? 'off'}"
 ${described === '' ? '' : html`aria-describedby="${described}"`} ${error === undefined ? '' : html`aria-invalid="true"`}>
${opts.hint === undefined ? '' : html`<span class="hint" id="${id}-hint">${opts.hint}</span>`}
${error === undefined ? '' : html`<p class="error" id="${id}-error">${error}</p>`}</div>`
}

function select(
  name: string,
  label: string,
  value: string,
  options: readonly (readonly [string, string])[],
  errors: FieldErrors,
): SafeHtml {
  const id = name.replaceAll('.', '-')
  const error = errors[name]
  return html`<div><label for="${id}">${label}</label>
<select id="${id}" name="${name}" ${error === undefined ? '' : html`aria-invalid="true" aria-describedby="${id}-error"`}>
${options.map(([v, text]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${text}</option>`)}
</select>${error === undefined ? '' : html`<p class="error" id="${id}-error">${error}</p>`}</div>`
}

function accountFieldset(a: AccountDraft, i: number, count: number, errors: FieldErrors): SafeHtml {
  const p = `accounts.${i}.`
  const currencies =
    CURRENCIES.includes(a.currency) || a.currency === '' ? CURRENCIES : [...CURRENCIES, a.currency]
  return html`<fieldset>
<legend>Account ${i + 1}${a.accountName === '' ? '' : html`: ${a.accountName}`}</legend>
<div class="fields">
${input(`${p}accountName`, 'Account name', a.accountName, errors, { hint: 'As the customer sees it, e.g. “Business Checking”.' })}
${input(`${p}accountNumber`, 'Account number', a.accountNumber, errors, { inputmode: 'numeric' })}
${select(`${p}accountType`, 'Account type', a.accountType, ACCOUNT_TYPES, errors)}
${select(
  `${p}currency`,
  'Currency',
  a.currency,
  currencies.map((c) => [c, c] as const),
  errors,
)}
${input(`${p}balance`, 'Opening balance', a.balance, errors, {
  inputmode: 'decimal',
  wide: true,
  hint: 'The balance before the first transaction fed to the ledger (usually the balance at the end of the day before the feed starts). Use a minus sign for money owed.',
})}
</div>
<details ${errors[`${p}id`] === undefined ? '' : html`open`}><summary>Bank reference (optional)</summary>
${input(`${p}id`, "Your bank's id for this account", a.id, errors, { required: false, hint: 'Left empty, one is made from the name and number. It cannot change later.' })}
</details>
${count > 1 ? html`<button type="submit" name="action" value="remove:${i}" class="danger small" formnovalidate>Remove this account</button>` : ''}
</fieldset>`
}

/** `/app/companies/new`: "Connect a business" (QuickBooks, Xero or Sage) — one submit runs the whole onboarding. */
export function onboardPage(
  ctx: PageContext,
  draft: OnboardDraft,
  errors: FieldErrors,
  problem?: string,
): SafeHtml {
  const count = draft.accounts.length
  const errorCount = Object.keys(errors).length
  const summary =
    problem !== undefined
      ? notice('bad', html`<p>${problem}</p>`, 'alert')
      : errorCount > 0
        ? notice(
            'bad',
            html`<p>${errors.form ?? `Please correct the ${errorCount === 1 ? 'field' : `${errorCount} fields`} marked below.`}</p>`,
            'alert',
          )
        : html``
  return layout(ctx, {
    title: 'Connect a business',
    crumbs: [{ label: 'Companies', href: '/app' }, { label: 'Connect a business' }],
    body: html`<h1>Connect a business</h1>
<p class="sub">One submit creates the business in Codat, its bank-feed connection to QuickBooks, Xero or Sage, and the accounts. Next the business links it: one-time QuickBooks credentials, a Xero sign-in, or a Sage one-time password.</p>
${summary}
<form method="post" action="/app/companies/new" data-once novalidate>
${csrfField(ctx)}
<input type="hidden" name="idempotencyKey" value="${draft.idempotencyKey}">
<input type="hidden" name="accountCount" value="${count}">
<fieldset><legend>Business</legend>
<div class="fields">
${input('name', 'Business name', draft.name, errors, { autocomplete: 'organization' })}
${select('platform', 'Accounting software', draft.platform, PLATFORMS, errors)}
${select(
  'timeZone',
  'Time zone',
  draft.timeZone,
  timeZones().map((z) => [z, z.replaceAll('_', ' ')] as const),
  errors,
)}
</div>
<p class="hint">The time zone decides which calendar day a transaction belongs to.</p>
</fieldset>
${draft.accounts.map((a, i) => accountFieldset(a, i, count, errors))}
<div class="actions">
<button type="submit" name="action" value="submit">Connect the business</button>
${count < MAX_ACCOUNTS ? html`<button type="submit" name="action" value="add" class="secondary" formnovalidate>Add another account</button>` : ''}
</div>
</form>`,
  })
}
