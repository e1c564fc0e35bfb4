import { describe, expect, it } from 'vitest'
import type { Command } from './commands.js'
import type { DestinationId } from './destinations/destination-id.js'
import { AT, codeOf, eventsOf, given, legacyRegistered, registered } from './testing/given.js'

const register = (over: Partial<Extract<Command, { type: 'RegisterAccount' }>> = {}): Command => ({
  type: 'RegisterAccount',
  accountId: 'acc-1',
  currency: 'USD',
  openingBalance: '100.00',
  at: AT,
  ...over,
})

describe('RegisterAccount and the destination', () => {
  it('given nothing, when an account registers without a destination, then it feeds QuickBooks Online', () => {
    const [e] = eventsOf(given().when(register()))
    expect(e?.type === 'AccountRegistered' && e.data.destination).toBe('qbo')
  })
  it("given nothing, when an account registers for 'qbo', then AccountRegistered says so", () => {
    expect(eventsOf(given().when(register({ destination: 'qbo' })))).toEqual([registered])
  })
  it('given an account registered before destinations existed, when the registration is replayed, then nothing happens', () => {
    expect(eventsOf(given(legacyRegistered).when(register()))).toEqual([])
    expect(eventsOf(given(legacyRegistered).when(register({ destination: 'qbo' })))).toEqual([])
  })
  it.each(['xero', 'sage'] as const)(
    "given nothing, when an account registers for '%s', then AccountRegistered names it",
    (destination) => {
      const [e] = eventsOf(given().when(register({ destination })))
      expect(e?.type === 'AccountRegistered' && e.data.destination).toBe(destination)
    },
  )
  it('given an account registered for QBO, when it registers again for Xero, then it is refused (the platform is fixed at registration)', () => {
    expect(codeOf(given(registered).when(register({ destination: 'xero' })))).toBe(
      'account_already_registered',
    )
  })
  it('when an account registers for a destination this version does not know, then unknown_destination', () => {
    const destination = 'netsuite' as DestinationId
    expect(codeOf(given().when(register({ destination })))).toBe('unknown_destination')
  })
})
