/** One claim's answer: how many due keys it claimed, and the work they make (fewer when some are no account's). */
export interface Claimed<T> {
  readonly claimed: number
  readonly tasks: readonly T[]
}

/**
 * Works a cycle's due accounts `width` at a time, claiming only as many as there are free runners
 * (never more than `max` in the cycle): a process holds no claim it cannot start on, so several
 * processes share the due accounts in proportion to how fast they work them, instead of the first
 * to claim taking a whole batch while the others idle. One claim runs at a time; runners that find
 * nothing queued wait for it. The cycle ends when a claim comes back short (nothing more is due) or
 * `max` keys were claimed (`full`: more may be due). Closing, queued tasks are released, not worked.
 * A claim that fails ends the claiming; the cycle rejects with its error once the runners are done.
 *
 * @example
 * const { full } = await workClaims({ width: 4, max: 200, claim, work, closing: () => false, release })
 */
export async function workClaims<T>(options: {
  readonly width: number
  readonly max: number
  readonly claim: (limit: number) => Promise<Claimed<T>>
  readonly work: (task: T) => Promise<void>
  readonly closing: () => boolean
  readonly release: (task: T) => Promise<void>
}): Promise<{ readonly claimed: number; readonly full: boolean }> {
  const { width, max, claim, work, closing, release } = options
  const queue: T[] = []
  let claimed = 0
  let exhausted = false
  let busy = 0
  let pending: Promise<void> | undefined
  let failure: { readonly error: unknown } | undefined
  const refill = (): Promise<void> => {
    pending ??= (async () => {
      const want = Math.min(Math.max(1, width - busy), max - claimed)
      if (want <= 0 || closing()) {
        exhausted = true
        return
      }
      const got = await claim(want).catch((error: unknown) => {
        failure ??= { error } // the runners still working finish first; the cycle then rejects
        return { claimed: 0, tasks: [] }
      })
      claimed += got.claimed
      queue.push(...got.tasks)
      if (got.claimed < want) exhausted = true
    })().finally(() => {
      pending = undefined
    })
    return pending
  }
  const runner = async (): Promise<void> => {
    for (;;) {
      while (queue.length === 0 && !exhausted) await refill()
      const task = queue.shift()
      if (task === undefined) return
      if (closing()) {
        await release(task)
        continue
      }
      busy++
      try {
        await work(task)
      } finally {
        busy--
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, width) }, runner))
  if (failure !== undefined) throw failure.error
  return { claimed, full: claimed >= max }
}
