import type { Command } from './commands.js'
import { isTimeZone } from './dates.js'
import { type Decision, fail, ok } from './decision.js'
import { DESTINATION_IDS, isDestinationId } from './destinations/destination-id.js'
import type { AccountRegistered } from './events.js'
import { currencyDecimals, formatMinor, isCurrencyCode, parseDecimal } from './money.js'
import { MAX_ID } from './normalise.js'
import type { AccountState } from './state.js'

/**
 * Decides `RegisterAccount`: the account's id, currency, opening balance, time zone and the
 * destination it feeds (`'qbo'` when not given). Registering again with the same details changes
 * nothing; with other details it is refused.
 */
export function registerAccount(
  command: Extract<Command, { type: 'RegisterAccount' }>,
  state: AccountState,
): Decision {
  if (
    typeof command.accountId !== 'string' ||
    command.accountId.length === 0 ||
    command.accountId.length > MAX_ID
  ) {
    return fail('invalid_account_id', `accountId must be a non-empty string of at most ${MAX_ID} characters.`)
  }
  if (!isCurrencyCode(command.currency)) {
    return fail(
      'invalid_currency',
      `currency must be a three-letter ISO 4217 code such as USD, got "${command.currency}".`,
    )
  }
  const timeZone = command.timeZone ?? 'UTC'
  if (!isTimeZone(timeZone))
    return fail(
      'invalid_time_zone',
      `timeZone must be an IANA zone such as America/New_York, got "${timeZone}".`,
    )
  const destination = command.destination ?? 'qbo'
  if (!isDestinationId(destination)) {
    return fail(
      'unknown_destination',
      `destination must be one of ${DESTINATION_IDS.join(', ')}, got "${String(destination)}".`,
    )
  }
  const decimals = currencyDecimals(command.currency)
  const opening = parseDecimal(command.openingBalance, decimals)
  if (!opening.ok) {
    return opening.problem === 'too_precise'
      ? fail(
          'balance_too_precise',
          `openingBalance has more than ${decimals} decimals, which ${command.currency} allows.`,
        )
      : fail('invalid_balance', 'openingBalance must be a finite decimal such as "1250.00".')
  }
  const data: AccountRegistered['data'] = {
    accountId: command.accountId,
    currency: command.currency,
    openingBalance: formatMinor(opening.minor, decimals),
    timeZone,
    destination,
    at: command.at,
  }
  const existing = state.account
  if (existing !== undefined) {
    const same =
      existing.accountId === data.accountId &&
      existing.currency === data.currency &&
      existing.openingBalance === opening.minor &&
      existing.timeZone === data.timeZone &&
      existing.destination === destination
    return same
      ? ok()
      : fail(
          'account_already_registered',
          `Account ${existing.accountId} is already registered with other details.`,
        )
  }
  return ok({ type: 'AccountRegistered', data })
}
