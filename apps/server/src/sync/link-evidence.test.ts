import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Company } from '../companies/repository.js'
import { LinkWatch } from './link-watch.js'

const MIN = 60_000
const DAY = 86_400_000

/** A LinkWatch on a fake Codat (counts list reads) and a clock a month past onboarding. */
function watch() {
  let reads = 0
  let gate: Promise<void> = Promise.resolve()
  const codat = {
    sourceAccounts: {
      list: async () => {
        reads++
        await gate
        return []
      },
    },
    connections: { get: async () => ({ status: 'Linked' }) },
  }
  const clock = { now: async () => '2026-12-04T12:00:00.000Z' }
  const links = new LinkWatch({
    codat: codat as never,
    clock: clock as never,
    refreshMs: 10 * MIN,
    evidenceMs: DAY,
  })
  const company = {
    companyId: 'co-1',
    codatCompanyId: 'codat-1',
    connectionId: 'conn-1',
    onboardedAt: '2026-11-01T00:00:00.000Z',
    accounts: [{ accountId: 'a' }, { accountId: 'b' }],
  } as unknown as Company
  /** Holds list reads open until the returned function is called. */
  const hold = () => {
    let open = () => {}
    gate = new Promise<void>((resolve) => {
      open = resolve
    })
    return open
  }
  return { links, company, reads: () => reads, hold }
}

describe('link evidence: a push Codat answered Success stands for a list read', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.parse('2026-12-04T12:00:00.000Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('reads no list while every linked account has a fresh push success, and again once one is stale', async () => {
    const { links, company } = watch()
    await links.read(company)
    links.remember(company, 'a', true)
    links.remember(company, 'b', true)
    links.proved(company, 'a')
    links.proved(company, 'b')
    vi.advanceTimersByTime(30 * MIN) // the list read is stale (10 min), the pushes are not (a day)
    expect(await links.dueInCycle(company)).toBe(false)
    expect(links.dueForSyncNow(company, 'a')).toBe(false)
    vi.advanceTimersByTime(12 * 3_600_000)
    links.proved(company, 'a') // a pushes again, b does not
    vi.advanceTimersByTime(12 * 3_600_000) // b's last success is a day old
    expect(await links.dueInCycle(company)).toBe(true)
    expect(links.dueForSyncNow(company, 'a')).toBe(false)
    expect(links.dueForSyncNow(company, 'b')).toBe(true)
  })

  it('still finds a disconnect: an account that pushes nothing keeps the list due; a Failed push reads it', async () => {
    const { links, company, reads } = watch()
    await links.read(company)
    links.remember(company, 'a', true)
    links.remember(company, 'b', true)
    links.proved(company, 'a') // b pushes nothing: only list reads vouch for it
    vi.advanceTimersByTime(11 * MIN)
    expect(await links.dueInCycle(company)).toBe(true)
    vi.advanceTimersByTime(MIN)
    links.proved(company, 'b')
    expect(await links.dueInCycle(company)).toBe(false)
    // a's next push fails: lost() asks Codat and a's evidence is gone.
    const before = reads()
    await links.lost(company, 'a')
    expect(reads()).toBe(before + 1)
    vi.advanceTimersByTime(11 * MIN)
    expect(links.dueForSyncNow(company, 'a')).toBe(true)
    expect(await links.dueInCycle(company)).toBe(true)
  })

  it('a webhook hint drops the evidence: the list is due at the next sync', async () => {
    const { links, company } = watch()
    links.remember(company, 'a', true)
    links.remember(company, 'b', true)
    links.proved(company, 'a')
    links.proved(company, 'b')
    expect(await links.dueInCycle(company)).toBe(false)
    links.stale(company)
    expect(await links.dueInCycle(company)).toBe(true)
  })

  it("a young company's unlinked account is still checked every cycle, pushes or not", async () => {
    const { links, company } = watch()
    const young = { ...company, onboardedAt: '2026-12-01T00:00:00.000Z' } as Company
    await links.read(young)
    links.remember(young, 'a', true)
    links.remember(young, 'b', false)
    links.proved(young, 'a')
    expect(await links.dueInCycle(young)).toBe(true)
  })

  it('after a restart, "sync now" of an account its state records linked reads no list; a webhook hint makes it read', async () => {
    const { links, company } = watch()
    // A new process: nothing read, nothing remembered.
    expect(links.dueForSyncNow(company, 'a', true)).toBe(false)
    expect(links.dueForSyncNow(company, 'a', false)).toBe(true) // not linked: learn the SMB's link
    links.stale(company)
    expect(links.dueForSyncNow(company, 'a', true)).toBe(true)
    await links.read(company)
    expect(links.dueForSyncNow(company, 'a', true)).toBe(false)
  })

  it("concurrent reads of one company's list share one request; the next read after it is a new one", async () => {
    const { links, company, reads, hold } = watch()
    const open = hold()
    const first = links.read(company)
    const second = links.read(company)
    open()
    expect(await second).toBe(await first)
    expect(reads()).toBe(1)
    await links.read(company)
    expect(reads()).toBe(2)
  })

  it('a Failed push asks Codat afresh, not through a read already in progress', async () => {
    const { links, company, reads, hold } = watch()
    const open = hold()
    const before = links.read(company)
    const lost = links.lost(company, 'a')
    open()
    await Promise.all([before, lost])
    expect(reads()).toBe(2)
  })
})
