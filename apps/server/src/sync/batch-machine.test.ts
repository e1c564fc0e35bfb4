import { CodatApiError, CodatNetworkError } from '@feedsync/codat-client'
import { describe, expect, it } from 'vitest'
import { phaseOf } from './batch-phase.js'
import { operation, PLANNED_AT, rig, stateWith } from './batch-rig.js'

const TWO_HOURS_LATER = '2026-11-25T11:00:00.000Z'

describe('one batch through the machine', () => {
  it('given a fresh batch, pushes it with the batch id as Idempotency-Key and never retries an unknown outcome in the client', async () => {
    const r = rig({ state: stateWith('planned'), windowMs: 0 })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: true }))
    expect(r.calls).toEqual(['create'])
    expect(r.sent[0]).toMatchObject({ idempotencyKey: 'b1', retryUnknownOutcome: false })
    expect(r.applied).toEqual([
      { type: 'SubmitBatch', batchId: 'b1', pushOperationKey: 'op-1', at: PLANNED_AT },
    ])
    expect(next).toMatchObject({ status: 'submitted', pushOperationKey: 'op-1', polls: 0 })
  })

  it('given a recovered batch inside the idempotency window on our clock, re-sends it with the same key', async () => {
    const r = rig({ state: stateWith('planned'), now: '2026-11-25T10:00:00.000Z' })
    await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(r.calls).toEqual(['create'])
    expect(r.sent[0]?.idempotencyKey).toBe('b1')
  })

  it('given a recovered batch past the window and a Pending candidate at Codat, stays open without pushing or appending', async () => {
    const r = rig({
      state: stateWith('planned'),
      now: TWO_HOURS_LATER,
      operations: [operation('Pending', 'op-9')],
    })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(r.calls).toEqual(['list'])
    expect(r.applied).toEqual([])
    expect(next).toMatchObject({ status: 'open', reason: 'undecided' })
  })

  it('given a recovered batch past the window found among the operations, submits it under that key, then follows it', async () => {
    const r = rig({
      state: stateWith('planned'),
      now: TWO_HOURS_LATER,
      operations: [operation('Success', 'op-9')],
    })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(r.applied).toEqual([
      { type: 'SubmitBatch', batchId: 'b1', pushOperationKey: 'op-9', at: TWO_HOURS_LATER },
    ])
    expect(next).toMatchObject({ status: 'submitted', pushOperationKey: 'op-9' })
    expect(r.proofs()).toBe(0) // found among the operations is not yet an answer
    expect(await r.step(next)).toMatchObject({ status: 'outcome', outcome: 'succeeded' })
    expect(r.calls).toEqual(['list', 'get'])
    expect(r.proofs()).toBe(1) // Codat answered Success: link evidence, once
  })

  it('given a recovered batch past the window that never landed, records it failed with no rejection (lost), so its lines are re-planned', async () => {
    const r = rig({ state: stateWith('planned'), now: TWO_HOURS_LATER })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false }))
    expect(next).toMatchObject({ status: 'outcome', outcome: 'lost' })
    expect(r.applied).toMatchObject([{ type: 'RecordBatchFailed', batchId: 'b1', rejections: [] }])
    expect(r.calls).toEqual(['list'])
    expect(r.proofs()).toBe(0)
  })

  it('given a push whose outcome is unknown (network), leaves the intent open and appends nothing', async () => {
    const r = rig({
      state: stateWith('planned'),
      create: async () => {
        throw new CodatNetworkError(
          { operation: 'transactions.create', method: 'POST', path: '/x', attempts: 1 },
          'reset',
        )
      },
    })
    expect(await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: true }))).toMatchObject({
      status: 'open',
      reason: 'unconfirmed',
    })
    expect(r.applied).toEqual([])
  })

  it('given a push Codat refuses (400), records the batch failed with the named lines rejected', async () => {
    const r = rig({
      state: stateWith('planned'),
      create: async () => {
        throw new CodatApiError(
          { operation: 'transactions.create', method: 'POST', path: '/x', attempts: 1 },
          400,
          {
            statusCode: 400,
            service: 'PushApi',
            error: 'Validation failed',
            validation: { errors: [{ itemId: 't1', message: 'Bad description', validatorName: 'qbo' }] },
          },
        )
      },
    })
    expect(await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: true }))).toMatchObject({
      status: 'outcome',
      outcome: 'failed',
    })
    expect(r.applied).toMatchObject([
      { type: 'RecordBatchFailed', rejections: [{ transactionId: 't1', final: true }] },
    ])
  })

  it('given a submitted batch still Pending, reads it maxPolls times with a pause between reads, then leaves it open', async () => {
    const r = rig({ state: stateWith('submitted', 'op-1'), get: async () => operation('Pending') })
    let phase = phaseOf(stateWith('submitted', 'op-1'), 'b1', { fresh: false })
    for (let i = 0; i < 3; i++) phase = await r.step(phase)
    expect(phase).toMatchObject({ status: 'open', reason: 'pending' })
    expect(r.calls).toEqual(['get', 'get', 'get'])
    expect(r.sleeps()).toHaveLength(2)
    expect(r.applied).toEqual([])
    expect(r.clockReads()).toBe(0) // nothing decided, so no clock read
  })

  it('reads the clock at most once per step', async () => {
    const r = rig({
      state: stateWith('planned'),
      now: TWO_HOURS_LATER,
      operations: [operation('Success', 'op-9')],
    })
    const next = await r.step(phaseOf(stateWith('planned'), 'b1', { fresh: false })) // window check + SubmitBatch
    expect(r.clockReads()).toBe(1)
    await r.step(next) // poll + RecordBatchSucceeded
    expect(r.clockReads()).toBe(2)
  })
})
