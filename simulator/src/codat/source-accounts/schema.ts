import { isCalendarDate, isoInstant } from '../../kernel/dates.js'
import { decimalToNumber, toDecimal } from '../../kernel/decimal.js'
import { isObject } from '../../kernel/objects.js'
import type { Problem } from '../errors.js'
import type { SourceAccountRec } from '../state.js'

/** The two shapes of a source account: v1 `SourceAccount` and v2 `SourceAccountV2` (BEHAVIOUR §6.1). */
export type Shape = 'v1' | 'v2'

/** The fields a create body fills in. */
export type AccountDraft = Partial<
  Pick<
    SourceAccountRec,
    | 'id'
    | 'accountName'
    | 'accountType'
    | 'accountNumber'
    | 'sortCode'
    | 'currency'
    | 'balance'
    | 'routingInfo'
    | 'accountInfo'
  >
>

/**
 * One property of a source account, in the order Codat's document lists it: which shapes have it, how a
 * create body's value is read (shape problems noted), and how the stored record renders it.
 */
export interface SourceAccountField {
  name: string
  shapes: readonly Shape[]
  /** Rendered and echoed back by clients; create ignores it, PATCH treats it as its own rules say. */
  readOnly?: true
  /** An object-valued property: read after every scalar one. */
  nested?: true
  /**
   * The shapes whose document declares the property nullable (`type` beside `nullable: true`, or a `$ref`
   * to such a schema). Elsewhere a property without a value is rendered ABSENT, never `null`: `nullable`
   * beside a `$ref` declares nothing (OpenAPI 3.0.3; Codat's SDKs refuse null there).
   */
  nullable: readonly Shape[]
  read?(body: Record<string, unknown>, shape: Shape, draft: AccountDraft, problems: Problem[]): void
  render(a: SourceAccountRec, shape: Shape): unknown
}

/** `accountType` values of v2. */
export const V2_TYPES = ['checking', 'savings', 'loan', 'creditCard', 'prepaidCard']
const ROUTING_TYPES = [
  'rtn',
  'aba',
  'swift',
  'bsb',
  'iban',
  'nz2',
  'trno',
  'sortcode',
  'blz',
  'ifsc',
  'bankcode',
  'apca',
  'clabe',
]
const ACCOUNT_INFO_KEYS = ['description', 'nickname', 'accountOpenDate', 'availableBalance']
const BOTH: readonly Shape[] = ['v1', 'v2']
const V1_ONLY: readonly Shape[] = ['v1']
const V2_ONLY: readonly Shape[] = ['v2']
const NEITHER: readonly Shape[] = []

function optString(
  b: Record<string, unknown>,
  k: string,
  problems: Problem[],
  required: boolean,
): string | null {
  const v = b[k]
  if (v === undefined || v === null) {
    if (required) problems.push({ itemId: k, message: `${k} is required.` })
    return null
  }
  if (typeof v !== 'string') {
    problems.push({ itemId: k, message: `${k} must be a string.` })
    return null
  }
  return v
}

const num = (v: string | null): number | null => (v === null ? null : decimalToNumber(v))

/** A plain string property, required in v2 only. */
function text(name: 'accountName' | 'accountNumber' | 'sortCode', requiredInV2: boolean): SourceAccountField {
  return {
    name,
    shapes: BOTH,
    nullable: requiredInV2 ? V1_ONLY : BOTH,
    read: (b, shape, d, p) => {
      d[name] = optString(b, name, p, requiredInV2 && shape === 'v2')
    },
    render: (a) => a[name],
  }
}

function readRoutingInfo(b: Record<string, unknown>, d: AccountDraft, problems: Problem[]): void {
  const r = b.routingInfo
  if (r === undefined || r === null) return
  if (!isObject(r)) {
    problems.push({ itemId: 'routingInfo', message: 'routingInfo must be an object.' })
    return
  }
  const bankCode = r.bankCode === undefined || r.bankCode === null ? null : r.bankCode
  const type = r.type === undefined || r.type === null ? 'bankcode' : r.type
  if (bankCode !== null && typeof bankCode !== 'string') {
    problems.push({ itemId: 'routingInfo.bankCode', message: 'bankCode must be a string.' })
  }
  if (typeof type !== 'string' || !ROUTING_TYPES.includes(type)) {
    problems.push({ itemId: 'routingInfo.type', message: `type must be one of ${ROUTING_TYPES.join(', ')}.` })
  }
  d.routingInfo = { bankCode: typeof bankCode === 'string' ? bankCode : null, type: String(type) }
}

function readAccountInfo(b: Record<string, unknown>, d: AccountDraft, problems: Problem[]): void {
  const i = b.accountInfo
  if (i === undefined || i === null) return
  if (!isObject(i)) {
    problems.push({ itemId: 'accountInfo', message: 'accountInfo must be an object.' })
    return
  }
  for (const k of Object.keys(i)) {
    if (!ACCOUNT_INFO_KEYS.includes(k))
      problems.push({ itemId: `accountInfo.${k}`, message: `Unknown property ${k}.` })
  }
  const open = i.accountOpenDate
  if (open !== undefined && open !== null && (typeof open !== 'string' || !isCalendarDate(open))) {
    problems.push({ itemId: 'accountInfo.accountOpenDate', message: 'accountOpenDate must be YYYY-MM-DD.' })
  }
  const avail = i.availableBalance
  const info = {
    description: typeof i.description === 'string' ? i.description : null,
    nickname: typeof i.nickname === 'string' ? i.nickname : null,
    accountOpenDate: typeof open === 'string' ? open : null,
    availableBalance: avail === undefined || avail === null ? null : Number(toDecimal(avail) ?? Number.NaN),
  }
  if (Number.isNaN(info.availableBalance)) {
    problems.push({ itemId: 'accountInfo.availableBalance', message: 'availableBalance must be a number.' })
  }
  d.accountInfo = info
}

/**
 * Every property of `SourceAccount` (v1) and `SourceAccountV2`, in document order: the one description
 * that both validation (`readFields`) and rendering (`renderSourceAccount`) follow.
 */
export const SOURCE_ACCOUNT_FIELDS: readonly SourceAccountField[] = [
  {
    name: 'id',
    shapes: BOTH,
    nullable: NEITHER,
    read: (b, _s, d, p) => {
      d.id = optString(b, 'id', p, true) ?? undefined
      if (d.id === '') p.push({ itemId: 'id', message: 'id must not be empty.' })
    },
    render: (a) => a.id,
  },
  text('accountName', true),
  {
    name: 'accountType',
    shapes: BOTH,
    nullable: V1_ONLY,
    read: (b, shape, d, p) => {
      const v2 = shape === 'v2'
      d.accountType = optString(b, 'accountType', p, v2)
      if (v2 && d.accountType !== null && !V2_TYPES.includes(d.accountType)) {
        p.push({ itemId: 'accountType', message: `accountType must be one of ${V2_TYPES.join(', ')}.` })
      }
    },
    render: (a) => a.accountType,
  },
  text('accountNumber', true),
  text('sortCode', false),
  {
    name: 'routingInfo',
    shapes: V2_ONLY,
    nullable: NEITHER,
    nested: true,
    read: (b, _s, d, p) => readRoutingInfo(b, d, p),
    render: (a) => a.routingInfo,
  },
  {
    name: 'currency',
    shapes: BOTH,
    nullable: NEITHER,
    read: (b, _s, d, p) => {
      d.currency = optString(b, 'currency', p, true)
      if (d.currency !== null && !/^[A-Z]{3}$/.test(d.currency)) {
        p.push({ itemId: 'currency', message: 'currency must be an ISO 4217 code such as USD.' })
      }
      if (d.currency === 'GBP' && !d.sortCode)
        p.push({ itemId: 'sortCode', message: 'GBP accounts need a sortCode.' })
    },
    render: (a) => a.currency,
  },
  {
    name: 'balance',
    shapes: BOTH,
    nullable: V1_ONLY,
    read: (b, shape, d, p) => {
      d.balance = null
      if (b.balance === undefined || b.balance === null) {
        if (shape === 'v2') p.push({ itemId: 'balance', message: 'balance is required.' })
      } else {
        d.balance = toDecimal(b.balance) ?? null
        if (d.balance === null) p.push({ itemId: 'balance', message: 'balance must be a decimal number.' })
      }
    },
    render: (a) => num(a.balance),
  },
  {
    name: 'accountInfo',
    shapes: V2_ONLY,
    nullable: V2_ONLY,
    nested: true,
    read: (b, _s, d, p) => readAccountInfo(b, d, p),
    render: (a) => a.accountInfo,
  },
  { name: 'modifiedDate', shapes: BOTH, nullable: NEITHER, render: (a) => isoInstant(a.modifiedDate) },
  { name: 'status', shapes: BOTH, nullable: BOTH, readOnly: true, render: (a) => a.status },
  {
    name: 'feedStartDate',
    shapes: BOTH,
    // v1: `{$ref: DateTime, nullable: true}` (not nullable); v2: `{type: string, nullable: true}`.
    nullable: V2_ONLY,
    readOnly: true,
    render: (a, shape) =>
      shape === 'v2' || a.feedStartDate === null ? a.feedStartDate : `${a.feedStartDate}T00:00:00`,
  },
]

/** The fields of one shape, in document order. */
export function fieldsOf(shape: Shape): SourceAccountField[] {
  return SOURCE_ACCOUNT_FIELDS.filter((f) => f.shapes.includes(shape))
}

/** Names a client may send on create (read-only ones are accepted too, and ignored). */
export function writableNames(shape: Shape): string[] {
  return fieldsOf(shape)
    .filter((f) => !f.readOnly)
    .map((f) => f.name)
}

/** Names of every field of a shape (what it renders). */
export function fieldNames(shape: Shape): string[] {
  return fieldsOf(shape).map((f) => f.name)
}

/** Reads a create body's fields for `shape`: scalar properties first, then object-valued ones. */
export function readFields(body: Record<string, unknown>, shape: Shape, problems: Problem[]): AccountDraft {
  const draft: AccountDraft = {}
  const fields = fieldsOf(shape).filter((f) => f.read)
  for (const f of [...fields.filter((x) => !x.nested), ...fields.filter((x) => x.nested)]) {
    f.read?.(body, shape, draft, problems)
  }
  return draft
}

/**
 * v1 `SourceAccount` or v2 `SourceAccountV2`: in `shape` (default: the shape the account was created
 * with). A property without a value is absent unless the shape's document declares it nullable. Any
 * account renders as v1 (every v1 property is optional); only a v2 account renders as v2.
 *
 * @example renderSourceAccount(account, 'v1') // PATCH answers v1 whatever the shape
 */
export function renderSourceAccount(a: SourceAccountRec, shape: Shape = a.schema): Record<string, unknown> {
  if (shape === 'v2' && a.schema !== 'v2') throw new Error(`account ${a.id} is v1: it cannot render as v2`)
  const out: Record<string, unknown> = {}
  for (const f of fieldsOf(shape)) {
    const v = f.render(a, shape)
    if (v === undefined || (v === null && !f.nullable.includes(shape))) continue
    out[f.name] = v
  }
  return out
}
