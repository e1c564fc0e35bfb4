import type { AccountType, OnboardRequest, Platform } from './ports.js'

/** One account row of the form as typed (strings, unvalidated). */
export interface AccountDraft {
  readonly id: string
  readonly accountName: string
  readonly accountNumber: string
  readonly accountType: string
  readonly currency: string
  readonly balance: string
}

/** The whole form as typed, plus its idempotency key (hidden field, one per form shown). */
export interface OnboardDraft {
  readonly name: string
  /** `qbo`, `xero` or `sage` as chosen (unvalidated). */
  readonly platform: string
  readonly timeZone: string
  readonly idempotencyKey: string
  readonly accounts: readonly AccountDraft[]
}

/** Field name (`name`, `accounts.0.balance`) → message. */
export type FieldErrors = Readonly<Record<string, string>>

/** Account types with their words. */
export const ACCOUNT_TYPES: readonly (readonly [AccountType, string])[] = [
  ['checking', 'Checking'],
  ['savings', 'Savings'],
  ['creditCard', 'Credit card'],
  ['loan', 'Loan'],
  ['prepaidCard', 'Prepaid card'],
]

/** Currencies offered (QBO bank feeds are mostly USD; the others for banks abroad). */
export const CURRENCIES: readonly string[] = ['USD', 'CAD', 'GBP', 'EUR', 'AUD', 'NZD', 'ZAR', 'INR', 'SGD']

/** The ledgers offered, QuickBooks first (the default). */
export const PLATFORMS: readonly (readonly [Platform, string])[] = [
  ['qbo', 'QuickBooks Online'],
  ['xero', 'Xero'],
  ['sage', 'Sage'],
]

export const MAX_ACCOUNTS = 20

/** An empty account row. */
export function blankAccount(currency = 'USD'): AccountDraft {
  return { id: '', accountName: '', accountNumber: '', accountType: 'checking', currency, balance: '' }
}

/** The form as first shown. */
export function blankDraft(idempotencyKey: string): OnboardDraft {
  return { name: '', platform: 'qbo', timeZone: 'UTC', idempotencyKey, accounts: [blankAccount()] }
}

type FormBody = Readonly<Record<string, string | readonly string[] | undefined>>

function field(body: FormBody, key: string, max = 300): string {
  const v = body[key]
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
  return s.trim().slice(0, max)
}

function validTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return zone.includes('/')
  } catch {
    return false
  }
}

/** "1,234.50", "$ 1 234.50" → "1234.50"; `undefined` if it is not an amount with at most 2 decimals. */
export function parseAmountInput(text: string): string | undefined {
  const cleaned = text.replace(/[\s,$£€]/g, '').replace(/^\+/, '')
  if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(cleaned)) return undefined
  return cleaned
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)

/** What the submit asked for: onboard, or only add / remove an account row (no side effect). */
export type FormAction = { kind: 'submit' } | { kind: 'add' } | { kind: 'remove'; index: number }

/** Reads the posted form into a draft, the action, and (when valid) the onboarding request. */
export function parseOnboardForm(body: FormBody): {
  draft: OnboardDraft
  action: FormAction
  errors: FieldErrors
  request?: OnboardRequest
} {
  const count = Math.min(MAX_ACCOUNTS, Math.max(1, Number.parseInt(field(body, 'accountCount', 3), 10) || 1))
  const accounts: AccountDraft[] = []
  for (let i = 0; i < count; i++) {
    const p = `accounts.${i}.`
    accounts.push({
      id: field(body, `${p}id`, 200),
      accountName: field(body, `${p}accountName`, 200),
      accountNumber: field(body, `${p}accountNumber`, 64),
      accountType: field(body, `${p}accountType`, 20),
      currency: field(body, `${p}currency`, 3).toUpperCase(),
      balance: field(body, `${p}balance`, 40),
    })
  }
  const draft: OnboardDraft = {
    name: field(body, 'name', 200),
    platform: field(body, 'platform', 10) || 'qbo',
    timeZone: field(body, 'timeZone', 64) || 'UTC',
    idempotencyKey: field(body, 'idempotencyKey', 100),
    accounts,
  }
  const act = field(body, 'action', 20)
  if (act === 'add') return { draft, action: { kind: 'add' }, errors: {} }
  if (act.startsWith('remove:')) {
    return { draft, action: { kind: 'remove', index: Number.parseInt(act.slice(7), 10) || 0 }, errors: {} }
  }
  const errors: Record<string, string> = {}
  if (draft.name === '') errors.name = 'Enter the name of the business.'
  const platform = PLATFORMS.find(([p]) => p === draft.platform)?.[0]
  if (platform === undefined) errors.platform = 'Choose the accounting software the business uses.'
  if (!validTimeZone(draft.timeZone)) errors.timeZone = 'Choose a time zone from the list.'
  if (!/^[A-Za-z0-9-]{8,100}$/.test(draft.idempotencyKey))
    errors.form = 'The form was damaged; reload the page.'
  const ids = new Set<string>()
  const out: OnboardRequest['accounts'][number][] = []
  accounts.forEach((a, i) => {
    const p = `accounts.${i}.`
    if (a.accountName === '') errors[`${p}accountName`] = 'Enter the account name, as the customer knows it.'
    if (a.accountNumber === '') errors[`${p}accountNumber`] = 'Enter the account number.'
    const type = ACCOUNT_TYPES.find(([t]) => t === a.accountType)?.[0]
    if (type === undefined) errors[`${p}accountType`] = 'Choose the account type.'
    if (!/^[A-Z]{3}$/.test(a.currency)) errors[`${p}currency`] = 'Choose the currency.'
    const balance = parseAmountInput(a.balance)
    if (balance === undefined) {
      errors[`${p}balance`] =
        'Enter an amount such as 1250.00 (at most 2 decimals; a minus sign for money owed).'
    }
    const id = a.id !== '' ? a.id : slug(`${a.accountName}-${a.accountNumber}`) || `account-${i + 1}`
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(id))
      errors[`${p}id`] = 'Use letters, digits, dots, dashes or underscores.'
    else if (ids.has(id)) errors[`${p}id`] = 'Two accounts have the same reference; change one.'
    ids.add(id)
    if (type !== undefined && balance !== undefined) {
      out.push({
        id,
        accountName: a.accountName,
        accountType: type,
        accountNumber: a.accountNumber,
        currency: a.currency,
        balance,
        timeZone: draft.timeZone,
      })
    }
  })
  if (Object.keys(errors).length > 0) return { draft, action: { kind: 'submit' }, errors }
  return {
    draft,
    action: { kind: 'submit' },
    errors,
    request: { name: draft.name, ...(platform === 'qbo' ? {} : { platform }), accounts: out },
  }
}
