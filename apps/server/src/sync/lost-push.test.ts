import type { PushOperation, PushOperations } from '@feedsync/codat-client'
import { type AccountState, type Batch, initialState } from '@feedsync/core'
import { describe, expect, it } from 'vitest'
import {
  CLOCK_SLACK_MS,
  findLostPush,
  type LostPushQuery,
  lostPushQuery,
  readsNextPage,
} from './lost-push.js'

const PLANNED_AT = '2026-11-25T09:00:00.000Z'
const at = (minutes: number) => new Date(Date.parse(PLANNED_AT) + minutes * 60_000).toISOString()

const query: LostPushQuery = {
  connectionId: 'conn-1',
  refs: new Set(['acc-1', 't1', 't2']),
  known: new Set(['op-known']),
  notBefore: Date.parse(PLANNED_AT) - CLOCK_SLACK_MS,
}

function op(key: string, fields: Partial<PushOperation> & { ref?: string } = {}): PushOperation {
  const { ref = 't1', ...rest } = fields
  return {
    companyId: 'co-1',
    pushOperationKey: key,
    dataConnectionKey: 'conn-1',
    requestedOnUtc: at(1),
    status: 'Success',
    statusCode: 200,
    changes: [{ type: 'Created', recordRef: { id: ref, dataType: 'bankTransactions' } }],
    ...rest,
  }
}

function page(
  results: PushOperation[],
  pageNumber = 1,
  totalResults = results.length,
  pageSize = 500,
): PushOperations {
  return { results, pageNumber, pageSize, totalResults, _links: { self: {}, current: {} } }
}

describe('the lost-push lookup (pure, over the pages read)', () => {
  it('given a completed operation naming one of the lines, finds it', () => {
    expect(findLostPush([page([op('op-1')])], query)).toEqual({ kind: 'found', pushOperationKey: 'op-1' })
  })

  it('given a completed operation naming the source account (as the simulator does), finds it', () => {
    expect(findLostPush([page([op('op-1', { ref: 'acc-1' })])], query)).toEqual({
      kind: 'found',
      pushOperationKey: 'op-1',
    })
  })

  it('given several matches over several pages, takes the earliest requested', () => {
    const pages = [
      page([op('op-late', { requestedOnUtc: at(5) })]),
      page([op('op-early', { requestedOnUtc: at(2) })]),
    ]
    expect(findLostPush(pages, query)).toEqual({ kind: 'found', pushOperationKey: 'op-early' })
  })

  it('given no pages or only empty ones, answers not found', () => {
    expect(findLostPush([], query)).toEqual({ kind: 'not_found' })
    expect(findLostPush([page([])], query)).toEqual({ kind: 'not_found' })
  })

  it('ignores operations requested before the intent (less the clock slack), on another connection, already known, or naming nothing of the batch', () => {
    const pages = [
      page([
        op('op-old', { requestedOnUtc: at(-2) }),
        op('op-other-connection', { dataConnectionKey: 'conn-2' }),
        op('op-known'),
        op('op-stranger', { ref: 't9' }),
        op('op-no-changes', { changes: null }),
      ]),
    ]
    expect(findLostPush(pages, query)).toEqual({ kind: 'not_found' })
  })

  it('takes an operation requested within the clock slack before the intent', () => {
    expect(findLostPush([page([op('op-1', { requestedOnUtc: at(-0.5) })])], query)).toEqual({
      kind: 'found',
      pushOperationKey: 'op-1',
    })
  })

  it('given a candidate still Pending (it names no account yet) and no completed match, answers undecided', () => {
    const pending = op('op-pending', { status: 'Pending', statusCode: 202, changes: null })
    expect(findLostPush([page([pending, op('op-stranger', { ref: 't9' })])], query)).toEqual({
      kind: 'undecided',
    })
  })

  it('given a Pending candidate beside a completed match, finds the match', () => {
    const pending = op('op-pending', { status: 'Pending', statusCode: 202, changes: null })
    expect(findLostPush([page([pending, op('op-1', { status: 'Failed', statusCode: 400 })])], query)).toEqual(
      {
        kind: 'found',
        pushOperationKey: 'op-1',
      },
    )
  })

  it('does not wait on a Pending operation that is older, on another connection or already known', () => {
    const pending = { status: 'Pending' as const, statusCode: 202, changes: null }
    const pages = [
      page([
        op('op-old', { ...pending, requestedOnUtc: at(-2) }),
        op('op-other-connection', { ...pending, dataConnectionKey: 'conn-2' }),
        op('op-known', pending),
      ]),
    ]
    expect(findLostPush(pages, query)).toEqual({ kind: 'not_found' })
  })
})

describe('reading the next page of create operations (newest first)', () => {
  it('reads on while the page is full of newer operations and more exist', () => {
    expect(readsNextPage(page([op('a'), op('b')], 1, 5, 2), 1, query)).toBe(true)
  })

  it('stops at the last page, at an empty page, and once a page reaches operations older than the intent', () => {
    expect(readsNextPage(page([op('a'), op('b')], 1, 2, 2), 1, query)).toBe(false)
    expect(readsNextPage(page([op('a'), op('b')], 2, 4, 2), 2, query)).toBe(false)
    expect(readsNextPage(page([], 1, 5, 2), 1, query)).toBe(false)
    expect(readsNextPage(page([op('a'), op('old', { requestedOnUtc: at(-2) })], 1, 5, 2), 1, query)).toBe(
      false,
    )
  })
})

describe('the query of a batch', () => {
  it('names the account and the batch lines, the operation keys the stream knows, and the intent less the slack', () => {
    const batch: Batch = {
      id: 'b2',
      lines: [
        { transactionId: 't1', date: '2026-11-24', amount: '1.00', balance: '1.00' },
        { transactionId: 't2', date: '2026-11-24', amount: '2.00', balance: '3.00' },
      ],
      plannedAt: PLANNED_AT,
      status: 'planned',
      pushOperationKey: undefined,
      completedAt: undefined,
      message: undefined,
      rejections: [],
    }
    const earlier: Batch = { ...batch, id: 'b1', status: 'succeeded', pushOperationKey: 'op-known' }
    const state: AccountState = {
      ...initialState(),
      batches: new Map([
        ['b1', earlier],
        ['b2', batch],
      ]),
    }
    const q = lostPushQuery({ state, batch, accountId: 'acc-1', connectionId: 'conn-1' })
    expect(q).toEqual(query)
  })
})
