import type { Ctx } from '../../codat/context.js'
import { codatError } from '../../codat/errors.js'
import type { ConnectionRec, SimState, SourceAccountRec } from '../../codat/state.js'

/** Codat's integration key for Xero (X1). */
export const XERO_KEY = 'gbol'
/** Where the Xero side's refusals say they come from. */
export const XERO_SERVICE = 'Xero'
/** The validator name Xero's rule breaks carry. */
export const XERO_VALIDATOR = 'BankTransactions'

/** One line as Xero holds it on a statement. */
export interface XeroLine {
  id: string
  date: string
  description: string
  amount: string
  balance: string
  transactionType: string | null
}

/**
 * One accepted write as Xero's statement (`XBF Statement.status`): opening = first.balance − first.amount,
 * closing = last.balance; `lines` are the lines Xero kept (duplicates dropped, X29).
 */
export interface XeroStatement {
  pushOperationKey: string
  state: 'DELIVERED' | 'REJECTED'
  at: number
  opening: string | null
  closing: string | null
  lines: XeroLine[]
  /** Rule breaks of a REJECTED statement. */
  reasons: string[]
}

/** A Xero bank account (type BANK or CREDITCARD) and what Codat's feed delivered to it. */
export interface XeroBankAccountRec {
  id: string
  name: string
  type: 'BANK' | 'CREDITCARD'
  currency: string
  accountNumber: string | null
  sortCode: string | null
  /** Exact decimal string: the last delivered line's balance (X25), or the opening balance given. */
  balance: string | null
  /** `none`, `codat:<sourceAccountId>` (fed by Codat through `feedConnectionId`) or `other` (another provider). */
  feed: string
  feedConnectionId: string | null
  /** X34: when the SMB deleted the feed inside Xero (writes fail from then on). */
  feedRemovedAt: number | null
  /** X34: when the source account turns `disconnected` (`feedRemovedAt` + `xeroFeedRemovalLag`). */
  disconnectAt: number | null
  statements: XeroStatement[]
  droppedDuplicates: { pushOperationKey: string; id: string; date: string; amount: string }[]
  /** Statements whose opening differs from the previous statement's closing. */
  balanceDrift: { pushOperationKey: string; previousClosing: string; opening: string }[]
  created: number
  modified: number
}

/** A Xero organisation (PLATFORMS.md §2.2, "SIM — the Xero side"). */
export interface XeroOrgRec {
  tenantId: string
  name: string
  baseCurrency: string
  multicurrencyEnabled: boolean
  currencies: string[]
  planType: string | null
  bankAccounts: XeroBankAccountRec[]
  created: number
}

/** The organisation a Codat connection consented to, and its data reads (X9). */
export interface XeroLinkRec {
  companyId: string
  connectionId: string
  orgId: string
  linkedAt: number
  /** When the next data read runs (30 s after consent), or null. */
  readDueAt: number | null
  /** The last read: when, and the organisation's bank accounts as they were then. */
  lastRead: { at: number; accounts: XeroBankAccountRec[] } | null
}

/** A mapping Xero is saving (X13): the source account reads `connecting` until `dueAt`. */
export interface XeroMappingJob {
  companyId: string
  connectionId: string
  sourceAccountId: string
  /** null = "Create New Account" (X11). */
  targetAccountId: string | null
  feedStartDate: string
  dueAt: number
}

/** Xero's part of the state (`state.platforms.xero`). */
export interface XeroWorld {
  orgs: Record<string, XeroOrgRec>
  /** By connection id. */
  links: Record<string, XeroLinkRec>
  mappings: XeroMappingJob[]
}

/** Xero's part of the state, created on first use. */
export function xeroWorld(state: SimState): XeroWorld {
  state.platforms ??= {}
  const w = state.platforms.xero as XeroWorld | undefined
  if (w) return w
  const fresh: XeroWorld = { orgs: {}, links: {}, mappings: [] }
  state.platforms.xero = fresh
  return fresh
}

/** The organisation `id`: 404 when absent. */
export function findOrg(ctx: Ctx, id: string): XeroOrgRec {
  const org = xeroWorld(ctx.state).orgs[id]
  if (!org) throw codatError(ctx, 404, `No Xero organisation ${id}.`, { service: XERO_SERVICE })
  return org
}

/** The organisation a connection consented to, if any. */
export function orgOf(ctx: Ctx, conn: ConnectionRec): XeroOrgRec | undefined {
  const link = xeroWorld(ctx.state).links[conn.id]
  return link ? xeroWorld(ctx.state).orgs[link.orgId] : undefined
}

/** The Xero bank account a source account feeds (`feed: codat:<id>` through this connection), if any. */
export function targetOf(ctx: Ctx, conn: ConnectionRec, a: SourceAccountRec): XeroBankAccountRec | undefined {
  const org = orgOf(ctx, conn)
  return org?.bankAccounts.find((b) => b.feed === `codat:${a.id}` && b.feedConnectionId === conn.id)
}

/**
 * Whether a Xero bank account has no live feed: none, or a Codat feed whose connection (or company) has been
 * deleted since (Xero's feed connection goes with it).
 */
export function feedFree(ctx: Ctx, b: XeroBankAccountRec): boolean {
  if (b.feed === 'none') return true
  if (!b.feed.startsWith('codat:') || b.feedConnectionId === null) return false
  const link = xeroWorld(ctx.state).links[b.feedConnectionId]
  return !link || !ctx.state.companies[link.companyId]?.connections[b.feedConnectionId]
}

/** Every Xero bank account of every organisation, with its organisation. */
export function allBankAccounts(ctx: Ctx): { org: XeroOrgRec; account: XeroBankAccountRec }[] {
  return Object.values(xeroWorld(ctx.state).orgs).flatMap((org) =>
    org.bankAccounts.map((account) => ({ org, account })),
  )
}

/** Xero's type for a source account (X3): Debit/BANK, Credit/CREDITCARD, v2 types folded; else null. */
export function xeroTypeOf(a: SourceAccountRec): 'BANK' | 'CREDITCARD' | null {
  const t = a.accountType
  if (a.schema === 'v2') {
    if (t === 'checking' || t === 'savings' || t === 'prepaidCard') return 'BANK'
    if (t === 'creditCard' || t === 'loan') return 'CREDITCARD'
    return null
  }
  if (t === 'Debit') return 'BANK'
  if (t === 'Credit') return 'CREDITCARD'
  return null
}

/** A non-empty string, or undefined: how the Xero control bodies read their ids. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}
