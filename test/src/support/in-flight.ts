/** One event of the simulator's log (`GET /_sim/events`), in the order the simulator recorded them. */
export interface SimEvent {
  readonly seq: number
  readonly type: string
  readonly data: Record<string, unknown>
}

/**
 * The most writes that were in flight on one account at once, from the simulator's event log: a write
 * is in flight from its `PushRequested` (for that connection and account) to its `PushCompleted` or
 * `PushTimedOut`. Judged by the log's sequence, not its clock (whole seconds): a write refused at once
 * because another was Pending (Sage S23) is requested while the other is open, so it counts.
 *
 * @example
 * mostInFlightAtOnce([requested('a'), requested('b'), completed('a'), completed('b')], where) // => 2
 */
export function mostInFlightAtOnce(
  events: readonly SimEvent[],
  where: { readonly connectionId: string; readonly accountId: string },
): number {
  const open = new Set<string>()
  let most = 0
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const key = String(e.data.pushOperationKey ?? '')
    if (e.type === 'PushRequested') {
      if (e.data.connectionId !== where.connectionId || e.data.accountId !== where.accountId) continue
      open.add(key)
      most = Math.max(most, open.size)
    } else if (e.type === 'PushCompleted' || e.type === 'PushTimedOut') {
      open.delete(key)
    }
  }
  return most
}
