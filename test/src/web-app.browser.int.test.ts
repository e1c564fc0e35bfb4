import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCodatClient } from '@feedsync/codat-client'
import { buildApp, loadConfig, simulatorClock } from '@feedsync/server'
import { buildSimulatorServer } from '@feedsync/simulator'
import type { EventStore } from '@feedsync/store'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPresent, launchChromium, PageWatch, Screenshots } from './support/browser.js'
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from './support/database.js'
import { CODAT_KEY, OTHER_TENANT_KEY, TENANT_KEY } from './support/keys.js'
import { newSimulator } from './support/simulator.js'

// The seed's whole flow through the bank's web app, in Debian's Chromium: the server (its clock the
// simulator's) and the simulator listen on loopback ports; the browser signs in, connects a business,
// gets the one-time credentials, links on the simulator's QBO page, and follows the feed to QBO.
const present = chromiumPresent()
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '.output', 'web-app')
const ACCOUNT_NAME = 'Everyday Checking'

/** A free loopback port (the simulator's linkUrl must name its own origin before it listens). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      s.close(() => resolve(port))
    })
  })
}

describe.skipIf(!present)('the web app in a real browser (the seed flow without curl)', () => {
  let sim: ReturnType<typeof newSimulator>
  let simApp: ReturnType<typeof buildSimulatorServer>
  let simUrl: string
  let server: Awaited<ReturnType<typeof buildApp>>
  let serverUrl: string
  let db: TestDatabase
  let store: EventStore
  let browser: Browser
  let context: BrowserContext
  const watch = new PageWatch()
  const shots = new Screenshots(OUT)

  beforeAll(async () => {
    await shots.reset()
    const simPort = await freePort()
    simUrl = `http://127.0.0.1:${simPort}`
    sim = newSimulator({ linkBaseUrl: simUrl })
    simApp = buildSimulatorServer(sim)
    await simApp.listen({ port: simPort, host: '127.0.0.1' })

    db = await createTestDatabase(postgresAdminUrl() === undefined ? 'pglite' : 'postgres')
    store = await db.openStore()
    const config = loadConfig({
      CODAT_API_KEY: CODAT_KEY,
      CODAT_BASE_URL: simUrl,
      FEEDSYNC_API_KEYS: `${TENANT_KEY},${OTHER_TENANT_KEY}`,
      FEEDSYNC_CLOCK: 'simulator',
      FEEDSYNC_POLL_INTERVAL_MS: '0',
      FEEDSYNC_POLL_FIRST_MS: '0',
      FEEDSYNC_BANK_NAME: 'Northwind Bank',
      FEEDSYNC_SESSION_KEY: Buffer.alloc(32, 3).toString('base64'),
      FEEDSYNC_PORTAL_SECRET: 'browser-test-portal-secret-0123456789',
      PORT: '0',
      LOG_LEVEL: 'warn',
    })
    server = await buildApp({
      store,
      codat: createCodatClient({ apiKey: CODAT_KEY, baseUrl: simUrl }),
      clock: simulatorClock(simUrl, CODAT_KEY),
      config,
    })
    serverUrl = await server.listen({ port: 0, host: '127.0.0.1' })

    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    watch.watch(context)
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
    await store?.close()
    await db?.dispose()
    await simApp?.close()
  })

  /** The bank's backend: records transactions over the API (as the tutorial's bank does). */
  const record = async (companyId: string, accountId: string, transactions: unknown[]) => {
    const res = await fetch(`${serverUrl}/v1/companies/${companyId}/accounts/${accountId}/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transactions }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
  }

  const heading = (page: Page) => page.locator('h1').first().textContent()
  const flash = (page: Page) => page.locator('main .notice').first().textContent()

  it('signs in, connects a business, links it in QBO, syncs, resolves a late posting, and QBO shows every line', async () => {
    const page = await context.newPage()
    // The simulator's pages declare no icon, so Chrome asks it for /favicon.ico (a 404 of the simulator's).
    watch.expect(404, '/favicon.ico')

    // / → /app → sign-in.
    await page.goto(`${serverUrl}/`)
    await page.waitForURL(/\/app\/sign-in/)
    await shots.take(page, 'sign-in')
    await page.getByLabel('API key').fill(TENANT_KEY)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${serverUrl}/app`)
    expect(await heading(page)).toBe('Companies')
    await shots.take(page, 'companies-empty')

    // "Connect a business": one submit onboards the business.
    await page.getByRole('link', { name: 'Connect a business' }).first().click()
    await page.waitForURL(/\/app\/companies\/new/)
    await page.getByLabel('Business name').fill('Elaborate Events, Inc')
    await page.getByLabel('Account name').fill(ACCOUNT_NAME)
    await page.getByLabel('Account number').fill('12345670')
    await page.getByLabel('Opening balance').fill('1000.00')
    await shots.take(page, 'connect-form')
    await page.getByRole('button', { name: 'Connect the business' }).click()
    await page.waitForURL(/\/app\/companies\/[^/]+$/)
    expect(await heading(page)).toBe('Elaborate Events, Inc')
    const companyUrl = page.url()
    const companyId = decodeURIComponent(new URL(companyUrl).pathname.split('/').at(-1) ?? '')
    const accountHref = await page.getByRole('link', { name: ACCOUNT_NAME }).getAttribute('href')
    const accountId = decodeURIComponent(accountHref?.split('/').at(-1) ?? '')
    expect(accountId).not.toBe('')
    await shots.take(page, 'company-pending')

    // The one-time credentials, shown once, and the link to QBO's link page.
    await page.getByRole('button', { name: 'Get QuickBooks credentials' }).click()
    const username = (await page.locator('#cred-username').textContent())?.trim() ?? ''
    const password = (await page.locator('#cred-password').textContent())?.trim() ?? ''
    expect(username).not.toBe('')
    expect(password).not.toBe('')
    await shots.take(page, 'company-credentials')

    // Link on the simulator's QBO link page (opens in a new tab).
    const [qbo] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'open the QuickBooks link page' }).click(),
    ])
    await qbo.waitForLoadState()
    expect(qbo.url().startsWith(simUrl)).toBe(true)
    await qbo.getByLabel('Username').fill(username)
    await qbo.getByLabel('Password').fill(password)
    await qbo.getByLabel(ACCOUNT_NAME).check()
    await qbo.getByLabel(`QBO account for ${accountId}`).fill('Checking (bank feed)')
    await qbo.getByLabel('Feed start date').fill('2026-03-04')
    await shots.take(qbo, 'qbo-link-page')
    await qbo.getByRole('button', { name: 'Connect' }).click()
    await qbo.waitForURL(/\/_sim\/pages\/qbo\?/)
    const qboViewUrl = qbo.url()
    expect(await qbo.locator('tr.test').count()).toBe(2)
    await shots.take(qbo, 'qbo-view-test-lines')

    // The worker's next cycle records the link; the company page refreshes itself and shows it.
    await server.services.worker.runOnce()
    await page.bringToFront()
    await expect
      .poll(() => page.locator('#link-status').textContent(), { timeout: 25_000, interval: 1000 })
      .toMatch(/Linked/)
    await page.reload()
    expect(await page.locator('#link-status').textContent()).not.toMatch(/Not linked|Waiting to be linked/)
    await shots.take(page, 'company-linked')

    // The bank records five days of transactions over the API; they appear on the account page.
    const days = ['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']
    const amounts = ['-120.40', '310.15', '-45.00', '1250.00', '-89.99']
    await record(
      companyId,
      accountId,
      days.map((date, i) => ({
        id: `t${i + 1}`,
        date,
        description: i === 1 ? 'Card takings <b>Saturday</b>' : `Transaction ${i + 1}`,
        amount: amounts[i],
        status: 'cleared',
      })),
    )
    await page.goto(`${serverUrl}${accountHref}`)
    expect(await heading(page)).toBe(ACCOUNT_NAME)
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5)
    expect(await page.locator('main').textContent()).toContain('Card takings <b>Saturday</b>')
    expect(await page.locator('main').textContent()).toContain('$1,250.00')
    await shots.take(page, 'account-ready')

    // Sync now: the lines are pushed.
    await page.getByRole('button', { name: 'Sync now' }).click()
    await page.waitForURL(/\/accounts\//)
    expect(await flash(page)).toMatch(/Synced/)
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '')
      .toMatch(/Sent to QuickBooks\s*5/)
    await shots.take(page, 'account-pushed')
    await page.goto(`${companyUrl}/operations`)
    expect(await page.locator('main').textContent()).toMatch(/Accepted/)
    await shots.take(page, 'operations')

    // A late posting: dated before the newest line QBO holds, so QBO would refuse it as it is.
    await record(companyId, accountId, [
      {
        id: 'late-1',
        date: '2026-03-06',
        description: 'Late posting: refund',
        amount: '42.50',
        status: 'cleared',
      },
    ])
    await page.goto(`${serverUrl}/app`)
    expect(await page.locator('tr', { hasText: 'Elaborate Events, Inc' }).textContent()).toContain(
      '1 account',
    )
    await shots.take(page, 'companies-exception')
    await page.goto(`${serverUrl}${accountHref}/reconciliation`)
    expect(await heading(page)).toBe(`Reconciliation of ${ACCOUNT_NAME}`)
    const late = page.locator('tr', { hasText: 'Late posting: refund' })
    await expect.poll(() => late.count()).toBe(1)
    expect(await page.locator('main').textContent()).toContain('$42.50')
    await shots.take(page, 'reconciliation-late-posting')

    // Resolve it: redate with a note, then sync.
    await late.getByLabel('Note (why)').fill('Refund posted late by the card processor')
    await late.getByRole('button', { name: 'Redate and send' }).click()
    await page.waitForURL(/\/reconciliation$/)
    expect(await flash(page)).toMatch(/earliest day QuickBooks accepts/)
    await shots.take(page, 'reconciliation-redated')
    await page.goto(`${serverUrl}${accountHref}`)
    await page.getByRole('button', { name: 'Sync now' }).click()
    await page.waitForURL(/\/accounts\//)
    expect(await flash(page)).toMatch(/Synced/)
    await page.goto(`${serverUrl}${accountHref}/reconciliation`)
    expect(await page.locator('main').textContent()).toContain('They match')
    await shots.take(page, 'reconciliation-resolved')

    // QBO's view page: Update pulls, and every line is there, the redated one included.
    await qbo.bringToFront()
    await qbo.goto(qboViewUrl)
    await qbo.getByRole('button', { name: 'Update' }).click()
    await qbo.waitForURL(/notice=updated/)
    const lines = await qbo.locator('tr.line').allTextContents()
    expect(lines).toHaveLength(6)
    expect(lines.some((l) => l.includes('Late posting: refund'))).toBe(true)
    expect(await qbo.locator('.balance').textContent()).toBe('2347.26')
    await shots.take(qbo, 'qbo-view-pushed')

    // A 404 the test provokes: an id that is not this tenant's is the same page as an unknown one.
    watch.expect(404, '/app/companies/not-a-company')
    await page.goto(`${serverUrl}/app/companies/not-a-company`)
    expect(await heading(page)).toBe('Not found')
    await shots.take(page, 'not-found')

    // The same pages at a phone's width.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    })
    watch.watch(phone)
    const small = await phone.newPage()
    for (const [name, url] of [
      ['phone-companies', `${serverUrl}/app`],
      ['phone-company', companyUrl],
      ['phone-account', `${serverUrl}${accountHref}`],
      ['phone-reconciliation', `${serverUrl}${accountHref}/reconciliation`],
      ['phone-operations', `${companyUrl}/operations`],
    ] as const) {
      await small.goto(url)
      const overflow = Number(
        await small.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      )
      expect(overflow, `${name} is wider than the phone`).toBeLessThanOrEqual(0)
      await shots.take(small, name)
    }
    await phone.close()

    expect(watch.provoked().map((r) => r.status)).toContain(404)
    expect(watch.problems()).toEqual([])
  })
})
