import type { PushOperation } from '@feedsync/codat-client'

/** Terminal outcomes kept at most (an outcome for an operation no account follows is dropped first-in first-out). */
const MAX_OUTCOMES = 10_000

/** How the backstop re-checks a pending push while webhooks are on (`FEEDSYNC_WEBHOOK_RECHECK_*`). */
export interface RecheckSettings {
  /** The first read of a pending operation comes this long after it was first seen pending. */
  readonly firstMs: number
  /** Each further read waits twice as long as the one before, up to this. */
  readonly maxMs: number
}

/**
 * What Codat's signed webhooks told this process about push operations, and when the poller
 * (the backstop) next reads one that is still pending. Both are hints for the batch machine,
 * which alone changes state, under the account's lease:
 * - `terminal(key)`: the signed terminal status a `bankTransactions.write.*` event carried
 *   (a terminal status never changes, so a `Success` is recorded without a status read);
 * - `due(key)`: whether a pending operation may be read now; each read widens the next gap.
 * Time is wall-clock ms (`nowMs`), as the link watch's freshness.
 *
 * @example
 * const hints = new PushHints({ firstMs: 60_000, maxMs: 3_600_000 })
 * hints.learn(op) // from a verified webhook
 * hints.terminal(op.pushOperationKey)?.status // 'Success'
 */
export class PushHints {
  private readonly outcomes = new Map<string, PushOperation>()
  private readonly checks = new Map<string, { nextAt: number; gapMs: number }>()

  constructor(
    private readonly settings: RecheckSettings,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Keeps a terminal outcome from a verified webhook (`Pending` is ignored). */
  learn(op: PushOperation): void {
    if (op.status === 'Pending') return
    this.outcomes.delete(op.pushOperationKey)
    this.outcomes.set(op.pushOperationKey, op)
    if (this.outcomes.size > MAX_OUTCOMES) {
      const oldest = this.outcomes.keys().next().value
      if (oldest !== undefined) this.outcomes.delete(oldest)
    }
  }

  /** The terminal outcome a webhook reported for the operation, if any. */
  terminal(pushOperationKey: string): PushOperation | undefined {
    return this.outcomes.get(pushOperationKey)
  }

  /**
   * Whether the pending operation may be read now. The first call starts its schedule (not due
   * before `firstMs`); a due answer moves the next read `gap` further, the gap doubling up to `maxMs`.
   */
  due(pushOperationKey: string): boolean {
    const now = this.nowMs()
    const check = this.checks.get(pushOperationKey)
    if (check === undefined) {
      this.checks.set(pushOperationKey, { nextAt: now + this.settings.firstMs, gapMs: this.settings.firstMs })
      return this.settings.firstMs <= 0
    }
    if (now < check.nextAt) return false
    const gapMs = Math.min(Math.max(check.gapMs * 2, 1), this.settings.maxMs)
    this.checks.set(pushOperationKey, { nextAt: now + gapMs, gapMs })
    return true
  }

  /** Forgets the operation once its batch has an outcome. */
  settled(pushOperationKey: string): void {
    this.outcomes.delete(pushOperationKey)
    this.checks.delete(pushOperationKey)
  }
}
