/**
 * Polls `probe` every `everyMs` until it answers a value other than `undefined`; fails after
 * `timeoutMs` naming `what`. For conditions that another process or a background task makes true.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const end = Date.now() + (options.timeoutMs ?? 30_000)
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, options.everyMs ?? 20))
  }
}
