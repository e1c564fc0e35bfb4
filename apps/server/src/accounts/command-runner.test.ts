import { type AccountState, type Command, initialState, NO_SETTLED, type SettledLookup } from '@feedsync/core'
import { createEventStore, type EventStore, WrongExpectedVersionError } from '@feedsync/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceError } from '../errors.js'
import { Metrics } from '../metrics.js'
import {
  type CommandStore,
  type Decide,
  decideCommand,
  handleCommand,
  handleCommandOn,
  MAX_ATTEMPTS,
} from './command-runner.js'
import { AccountRepository } from './repository.js'

const at = '2026-11-25T00:00:00Z'
const register: Command = {
  type: 'RegisterAccount',
  accountId: 'a1',
  currency: 'USD',
  openingBalance: '1',
  at,
}
const record = (id: string): Command => ({
  type: 'RecordTransaction',
  transaction: { id, date: '2026-11-24', description: 'x', amount: '1.00', status: 'cleared' },
  at,
})

let store: EventStore
beforeAll(async () => {
  store = await createEventStore({ kind: 'pglite' })
})
afterAll(async () => {
  await store.close()
})

/** Counts how often `inner` is decided. */
function counted<R>(inner: Decide<R>): { decide: Decide<R>; calls: () => number } {
  let n = 0
  const step = (state: AccountState, settled: SettledLookup) => {
    n++
    return inner(state, settled)
  }
  return {
    decide: Object.assign(step, inner.names === undefined ? {} : { names: inner.names }),
    calls: () => n,
  }
}

describe('the command runner', () => {
  it('given a new stream, when a command is handled, then its events are appended at the expected version', async () => {
    const repo = new AccountRepository(store, 100, new Metrics())
    const stream = 'account:run1:a1'
    expect(await handleCommand(repo, stream, decideCommand(register))).toBe(1)
    expect((await repo.load(stream)).state.version).toBe(1)
  })

  it('given another writer appended meanwhile, when the holder appends, then it reloads and decides again', async () => {
    const mine = new AccountRepository(store, 100, new Metrics())
    const theirs = new AccountRepository(store, 100, new Metrics())
    const stream = 'account:run2:a1'
    await handleCommand(mine, stream, decideCommand(register))
    const loaded = await mine.load(stream)
    await handleCommand(theirs, stream, decideCommand(record('t1')))
    const step = counted(decideCommand(record('t2')))
    expect(await handleCommandOn(mine, loaded, step.decide)).toBe(1)
    expect(step.calls()).toBe(2)
    expect(loaded.state.version).toBe(3)
    expect([...loaded.state.txns.keys()].sort()).toEqual(['t1', 't2'])
  })

  it('given the same transaction recorded by another writer, when decided again, then it is a replay', async () => {
    const mine = new AccountRepository(store, 100, new Metrics())
    const theirs = new AccountRepository(store, 100, new Metrics())
    const stream = 'account:run3:a1'
    await handleCommand(mine, stream, decideCommand(register))
    const loaded = await mine.load(stream)
    await handleCommand(theirs, stream, decideCommand(record('t1')))
    expect(await handleCommandOn(mine, loaded, decideCommand(record('t1')))).toBe(0)
    expect(loaded.state.version).toBe(2)
  })

  it('given a refused command, when handled, then the refusal is thrown with its code and nothing is retried', async () => {
    const repo = new AccountRepository(store, 100, new Metrics())
    const step = counted(decideCommand({ type: 'VoidTransaction', transactionId: 'nope', at }))
    const error = await handleCommand(repo, 'account:run4:a1', step.decide).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceError)
    expect((error as ServiceError).code).toBe('account_not_registered')
    expect(step.calls()).toBe(1)
  })

  it('given a refusal handler, when the command is refused, then its answer is returned and nothing appended', async () => {
    const repo = new AccountRepository(store, 100, new Metrics())
    const codes: string[] = []
    const answer = await handleCommand(
      repo,
      'account:run5:a1',
      decideCommand({ type: 'DisconnectFeed', at }, (e) => {
        codes.push(e.code)
        return 0
      }),
    )
    expect(answer).toBe(0)
    expect(codes).toEqual(['account_not_registered'])
    expect((await repo.load('account:run5:a1')).state.version).toBe(0)
  })

  it('given a stream that keeps changing, when every attempt conflicts, then it gives up with concurrent_update', async () => {
    let reloads = 0
    const conflicting: CommandStore = {
      withAccount: (stream, fn) => fn({ stream, state: initialState(), snapshotVersion: 0 }),
      append: async (loaded) => {
        throw new WrongExpectedVersionError(loaded.stream, loaded.state.version, loaded.state.version + 1)
      },
      settledOf: async () => NO_SETTLED,
      reload: async () => {
        reloads++
      },
    }
    const step = counted(decideCommand(register))
    const error = await handleCommand(conflicting, 'account:run6:a1', step.decide).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceError)
    expect((error as ServiceError).code).toBe('concurrent_update')
    expect((error as ServiceError).cause).toBeInstanceOf(WrongExpectedVersionError)
    expect(step.calls()).toBe(MAX_ATTEMPTS)
    expect(reloads).toBe(MAX_ATTEMPTS - 1)
  })
})
