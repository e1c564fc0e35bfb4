import fc from 'fast-check'
import { expect } from 'vitest'
import { UniqueKeyConflictError, WrongExpectedVersionError } from './errors.js'
import type { EventStore, ExpectedVersion, NewEvent, Position } from './event-store.js'
import { readLogThrough } from './read-log-through.js'

/**
 * A model-based test of the event store (test support, used by the contract suite): random appends
 * (right, stale, 'no_stream' and 'any' expected versions, unique keys from a small pool so they
 * clash), stream reads and log reads, checked against a model far simpler than the store.
 */

interface ModelEvent {
  readonly stream: string
  readonly version: number
  readonly data: number
}

export interface StoreModel {
  readonly prefix: string
  readonly streams: Map<string, { version: number; keys: Set<string>; events: ModelEvent[] }>
  readonly log: ModelEvent[]
  /**
   * The last position appended before the run (earlier runs share the store). Every append of this
   * run commits later, so it gets a larger transaction id and lands after it in the log.
   */
  readonly start: Position | undefined
  /** The last position appended so far (this run or before). */
  last: Position | undefined
  next: number
}

export interface StoreReal {
  readonly store: EventStore
}

const streamName = (model: StoreModel, index: number): string => `${model.prefix}-s${index}`

function stream(model: StoreModel, name: string) {
  let s = model.streams.get(name)
  if (s === undefined) {
    s = { version: 0, keys: new Set(), events: [] }
    model.streams.set(name, s)
  }
  return s
}

type Expectation = 'exact' | 'stale' | 'no_stream' | 'any'

class AppendCommand implements fc.AsyncCommand<StoreModel, StoreReal> {
  constructor(
    readonly streamIndex: number,
    readonly expectation: Expectation,
    /** Per event: no key, one key, or several keys. */
    readonly keys: readonly (number | readonly number[] | null)[],
  ) {}

  check(): boolean {
    return true
  }

  async run(model: StoreModel, real: StoreReal): Promise<void> {
    const name = streamName(model, this.streamIndex)
    const s = stream(model, name)
    const expected: ExpectedVersion =
      this.expectation === 'exact'
        ? s.version
        : this.expectation === 'stale'
          ? s.version + 1
          : this.expectation
    const events: NewEvent[] = this.keys.map((key) => ({
      type: 'Modelled',
      data: model.next++,
      ...(key === null
        ? {}
        : { uniqueKey: typeof key === 'number' ? `key-${key}` : key.map((k) => `key-${k}`) }),
    }))
    const keysOf = (e: NewEvent): readonly string[] =>
      e.uniqueKey === undefined ? [] : typeof e.uniqueKey === 'string' ? [e.uniqueKey] : e.uniqueKey
    const keys = events.flatMap(keysOf)

    // The store's order of checks: keys repeated in the batch, then the version, then stored keys.
    const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))].sort()
    const versionOk =
      expected === 'any' || (expected === 'no_stream' ? s.version === 0 : expected === s.version)
    const clashes = [...new Set(keys.filter((k) => s.keys.has(k)))].sort()

    const outcome = await real.store.appendToStream(name, expected, events).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    if (repeated.length > 0) {
      expect(outcome.ok ? outcome.result : outcome.error).toBeInstanceOf(UniqueKeyConflictError)
      expect(outcome.ok ? undefined : outcome.error).toMatchObject({ keys: repeated })
    } else if (!versionOk) {
      expect(outcome.ok ? outcome.result : outcome.error).toBeInstanceOf(WrongExpectedVersionError)
      expect(outcome.ok ? undefined : outcome.error).toMatchObject({
        stream: name,
        expected,
        actual: s.version,
      })
    } else if (clashes.length > 0) {
      expect(outcome.ok ? outcome.result : outcome.error).toBeInstanceOf(UniqueKeyConflictError)
      expect(outcome.ok ? undefined : outcome.error).toMatchObject({ keys: clashes })
    } else {
      if (!outcome.ok) throw outcome.error
      for (const event of events) {
        s.version++
        const stored = { stream: name, version: s.version, data: event.data as number }
        s.events.push(stored)
        model.log.push(stored)
        for (const k of keysOf(event)) s.keys.add(k)
      }
      expect(outcome.result.nextExpectedVersion).toBe(s.version)
      expect(outcome.result.positions).toHaveLength(events.length)
      model.last = outcome.result.positions.at(-1) ?? model.last
    }
  }

  toString(): string {
    return `append(s${this.streamIndex}, ${this.expectation}, [${this.keys.map((k) => (k === null ? '-' : typeof k === 'number' ? `key-${k}` : `keys-${k.join('+')}`)).join(',')}])`
  }
}

class ReadStreamCommand implements fc.AsyncCommand<StoreModel, StoreReal> {
  constructor(readonly streamIndex: number) {}

  check(): boolean {
    return true
  }

  async run(model: StoreModel, real: StoreReal): Promise<void> {
    const name = streamName(model, this.streamIndex)
    const events = await real.store.readStream(name)
    expect(events.map((e) => ({ stream: e.stream, version: e.version, data: e.data }))).toEqual(
      model.streams.get(name)?.events ?? [],
    )
  }

  toString(): string {
    return `readStream(s${this.streamIndex})`
  }
}

class ReadAllCommand implements fc.AsyncCommand<StoreModel, StoreReal> {
  constructor(readonly pageSize: number) {}

  check(): boolean {
    return true
  }

  async run(model: StoreModel, real: StoreReal): Promise<void> {
    // An event becomes readable once every older transaction on the server has ended, so wait for
    // the log to reach the last append (the contract promises "late, never lost").
    const target = model.log.length === 0 ? undefined : model.last
    const events =
      target === undefined
        ? (await real.store.readAll({ after: model.start, limit: this.pageSize })).events
        : await readLogThrough(real.store, model.start, target, this.pageSize)
    expect(events.map((e) => ({ stream: e.stream, version: e.version, data: e.data as number }))).toEqual(
      model.log,
    )
  }

  toString(): string {
    return `readAll(pages of ${this.pageSize})`
  }
}

export const storeCommands = fc.commands(
  [
    fc
      .tuple(
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom<Expectation>('exact', 'exact', 'exact', 'stale', 'no_stream', 'any'),
        fc.array(
          fc.option(
            fc.oneof(
              { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
              {
                weight: 1,
                arbitrary: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 3 }),
              },
            ),
            { nil: null, freq: 2 },
          ),
          { maxLength: 3 },
        ),
      )
      .map(([s, e, keys]) => new AppendCommand(s, e, keys)),
    fc.integer({ min: 0, max: 2 }).map((s) => new ReadStreamCommand(s)),
    fc.integer({ min: 1, max: 4 }).map((n) => new ReadAllCommand(n)),
  ],
  { maxCommands: 12 },
)

/** The model of a run whose appends all come after `start` (the last position appended before it). */
export function newStoreModel(prefix: string, start: Position | undefined): StoreModel {
  return { prefix, streams: new Map(), log: [], start, last: start, next: 0 }
}
