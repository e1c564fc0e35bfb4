import { initialState } from '../state.js'
import { Link, Succeed } from './feed-commands.js'
import { apply, type FeedModel, type FeedReal, nowIso, START } from './feed-world.js'

export { type FeedModel, type FeedReal, land, nowIso, START } from './feed-world.js'

/**
 * A registered account (opening balance 100.00), linked `linkOffset` days from the base day if given;
 * `foldSettled`: the real state folds pushed transactions away (with a shadow for decisions).
 */
export function newWorld(
  maxBatchSize: number,
  linkOffset?: number,
  options: { readonly foldSettled?: boolean } = {},
): { model: FeedModel; real: FeedReal } {
  const real: FeedReal =
    options.foldSettled === true
      ? { state: initialState({ foldSettled: true }), log: [], shadow: initialState() }
      : { state: initialState(), log: [] }
  const at = new Date(START).toISOString()
  const reg = apply(real, {
    type: 'RegisterAccount',
    accountId: 'acc-1',
    currency: 'USD',
    openingBalance: '100.00',
    at,
  })
  if (!reg.ok) throw new Error('register refused')
  const model: FeedModel = {
    now: START,
    linked: false,
    feedStartDate: undefined,
    recorded: new Map(),
    landed: [],
    landedIds: new Set(),
    opening: 10_000n,
    batchCount: 0,
    maxBatchSize,
    feedStartAtPlan: new Map(),
  }
  if (linkOffset !== undefined) new Link(linkOffset).run(model, real)
  return { model, real }
}

/**
 * Settles everything without moving time: finish the batch in flight, then push and land every
 * batch the planner offers until it offers none.
 */
export function drain(m: FeedModel, r: FeedReal): void {
  new Succeed().run(m, r)
  for (let i = 0; i < 10_000; i++) {
    const batchId = `drain-${i}`
    m.feedStartAtPlan.set(batchId, m.feedStartDate)
    const before = r.state.inFlight
    apply(r, { type: 'PlanBatch', batchId, now: nowIso(m), limits: { maxBatchSize: m.maxBatchSize } })
    if (r.state.inFlight === before) return
    new Succeed().run(m, r)
  }
  throw new Error('drain did not settle')
}
