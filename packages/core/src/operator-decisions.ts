/**
 * The decisions of reconciliation: recording first quarantine reasons, and the operator's ways out
 * of a stuck line (dismiss, redate, accept the bank's balance, account settings). Each refusal has
 * a stable code of `errors.ts`.
 */
import { expectedBankBalances } from './bank-ledger.js'
import { limitsProblem } from './command-checks.js'
import type { Command, OperatorInput } from './commands.js'
import { type Decision, fail, ok } from './decision.js'
import { destinationOf } from './destinations/destinations.js'
import type { FeedError } from './errors.js'
import { feedError } from './errors.js'
import type { FeedEvent, QuarantinedLine } from './events.js'
import { formatMinor } from './money.js'
import { MAX_ID } from './normalise.js'
import { type Plan, type PlanLimits, planBatches } from './planner.js'
import { isDateQuarantine } from './reasons.js'
import { NO_SETTLED, type SettledLookup, txnOf } from './settled.js'
import type { AccountState, Txn } from './state.js'

/** Longest operator note. */
export const MAX_NOTE = 1000

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>

/**
 * The lines a date rule quarantines in `plan` whose reason is not recorded yet, with the reason
 * they have now: what a `TransactionsQuarantined` records.
 */
export function newQuarantines(state: AccountState, plan: Plan): QuarantinedLine[] {
  const out: QuarantinedLine[] = []
  for (const q of plan.quarantined) {
    if (!isDateQuarantine(q.reason.code) || state.txns.get(q.transactionId)?.quarantine !== undefined)
      continue
    out.push({ transactionId: q.transactionId, code: q.reason.code, message: q.reason.message })
  }
  return out
}

/** The `TransactionsQuarantined` event of a plan, when it quarantines a line for the first time. */
export function quarantineEvents(state: AccountState, plan: Plan, at: string): FeedEvent[] {
  const transactions = newQuarantines(state, plan)
  return transactions.length === 0 ? [] : [{ type: 'TransactionsQuarantined', data: { transactions, at } }]
}

/** `RecordQuarantines`: records the reason of every line newly quarantined by a date rule at `now`. */
export function recordQuarantines(command: Cmd<'RecordQuarantines'>, state: AccountState): Decision {
  const unusable = limitsProblem(command.limits)
  if (unusable !== undefined) return { ok: false, error: unusable }
  return ok(...quarantineEvents(state, planBatches(state, command.now, command.limits), command.now))
}

function noteProblem(input: OperatorInput): FeedError | undefined {
  if (typeof input.by !== 'string' || input.by.trim().length === 0 || input.by.length > MAX_ID) {
    return feedError('invalid_note', `by must name who acts: 1 to ${MAX_ID} characters.`)
  }
  if (typeof input.note !== 'string' || input.note.length > MAX_NOTE) {
    return feedError('invalid_note', `note must be text of at most ${MAX_NOTE} characters.`)
  }
  return undefined
}

/** The transaction an operator action is about, or the refusal that fits it first. */
function target(
  state: AccountState,
  input: OperatorInput & { transactionId: string },
  limits: Partial<PlanLimits> | undefined,
  settled: SettledLookup,
): Txn | FeedError {
  const bad = noteProblem(input) ?? limitsProblem(limits)
  if (bad !== undefined) return bad
  const t = txnOf(state.txns, settled, input.transactionId)
  const name = destinationOf(state).name
  if (t === undefined)
    return feedError('unknown_transaction', `No transaction "${input.transactionId}" on this account.`)
  if (t.replacedBy !== undefined)
    return feedError('transaction_replaced', `Transaction "${t.id}" was replaced by ${t.replacedBy}.`)
  if (t.voided) return feedError('transaction_voided', `Transaction "${t.id}" was voided by the bank.`)
  if (t.pushed) return feedError('transaction_already_pushed', `Transaction "${t.id}" is already in ${name}.`)
  if (t.batchId !== undefined) {
    return feedError(
      'transaction_in_flight',
      `Transaction "${t.id}" is being sent to ${name} right now; try again after the push ends.`,
    )
  }
  return t
}

const isError = (x: Txn | FeedError): x is FeedError => !('id' in x)

/** `DismissTransaction`: a cleared line, not pushed nor in flight, closed as dismissed (again: no-op). */
export function dismissTransaction(
  command: Cmd<'DismissTransaction'>,
  state: AccountState,
  settled: SettledLookup = NO_SETTLED,
): Decision {
  const t = target(state, command, undefined, settled)
  if (isError(t)) return { ok: false, error: t }
  if (t.dismissed !== undefined) return ok()
  if (!t.cleared) {
    return fail(
      'not_dismissable',
      `Transaction "${t.id}" is pending: it is not in the bank's ledger yet; void it instead.`,
    )
  }
  const { transactionId, note, by, at } = command
  return ok({ type: 'TransactionDismissed', data: { transactionId, note, by, at } })
}

/**
 * `RedateTransaction`: a line a date rule quarantines (planned at `at` with `limits`) is pushed
 * dated on the earliest day the destination accepts. Again, or once the plan redates it anyway
 * (`latePostings: 'redate'`): no-op when already asked for.
 */
export function redateTransaction(
  command: Cmd<'RedateTransaction'>,
  state: AccountState,
  settled: SettledLookup = NO_SETTLED,
): Decision {
  const t = target(state, command, command.limits, settled)
  if (isError(t)) return { ok: false, error: t }
  if (t.redated !== undefined) return ok()
  if (t.dismissed !== undefined) return fail('not_redatable', `Transaction "${t.id}" was dismissed.`)
  const plan = planBatches(state, command.at, command.limits)
  const q = plan.quarantined.find((x) => x.transactionId === t.id)
  const auto = plan.redated.some((r) => r.transactionId === t.id)
  if (!auto && (q === undefined || !isDateQuarantine(q.reason.code))) {
    return fail(
      'not_redatable',
      `Transaction "${t.id}" is not quarantined for its date; only a line ${destinationOf(state).name} refuses for its date can be redated.`,
    )
  }
  const { transactionId, note, by, at } = command
  return ok({ type: 'TransactionRedated', data: { transactionId, note, by, at } })
}

/**
 * `AcceptBankBalance`: the line (planned at `at` with `limits`) is held as `balance_mismatch`; the
 * gap between the bank's balance and the expected one is recorded, and later lines flow again.
 */
export function acceptBankBalance(
  command: Cmd<'AcceptBankBalance'>,
  state: AccountState,
  settled: SettledLookup = NO_SETTLED,
): Decision {
  const t = target(state, command, command.limits, settled)
  if (isError(t)) return { ok: false, error: t }
  const plan = planBatches(state, command.at, command.limits)
  const held = plan.held.find((h) => h.transactionId === t.id)
  const expected = expectedBankBalances(state).get(t.id)
  if (held?.reason.code !== 'balance_mismatch' || t.balance === undefined || expected === undefined) {
    return fail(
      'no_balance_mismatch',
      `Transaction "${t.id}" is not held for a balance that disagrees; there is nothing to accept.`,
    )
  }
  const offset = formatMinor(t.balance - expected, state.account?.decimals ?? 2)
  const { transactionId, note, by, at } = command
  return ok({ type: 'BankBalanceAccepted', data: { transactionId, offset, note, by, at } })
}

/** `ChangeAccountSettings`: the settings given, when they change anything. */
export function changeAccountSettings(command: Cmd<'ChangeAccountSettings'>, state: AccountState): Decision {
  const { latePostings, by, at } = command
  if (typeof by !== 'string' || by.trim().length === 0 || by.length > MAX_ID) {
    return fail('invalid_note', `by must name who acts: 1 to ${MAX_ID} characters.`)
  }
  if (latePostings !== undefined && latePostings !== 'quarantine' && latePostings !== 'redate') {
    return fail(
      'invalid_settings',
      `latePostings must be "quarantine" or "redate", got "${String(latePostings)}".`,
    )
  }
  if (latePostings === undefined || latePostings === state.settings.latePostings) return ok()
  return ok({ type: 'AccountSettingsChanged', data: { latePostings, by, at } })
}
