import { existsSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSimulatorServer } from '../server.js'
import { createSimulator } from '../simulator.js'

const CHROMIUM = '/usr/bin/chromium'
const present = existsSync(CHROMIUM)
if (!present && process.env.CI) {
  throw new Error(`${CHROMIUM} is missing: the browser test must run in CI (install Debian's chromium)`)
}
if (!present) console.log(`browser test skipped: ${CHROMIUM} is missing (it fails in CI)`)

const KEY = 'browser-key'
const authHeader = `Basic ${Buffer.from(KEY).toString('base64')}`

describe.skipIf(!present)('the link and QBO pages in a real browser', () => {
  let app: FastifyInstance
  let baseUrl: string
  let browser: Browser

  beforeAll(async () => {
    const sim = createSimulator({ apiKeys: [KEY], seed: 5, now: '2026-03-10T12:00:00Z', clock: 'frozen' })
    app = buildSimulatorServer(sim)
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: authHeader, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  it('a person links the feed with the one-time credentials, the bank pushes, Update shows the lines and the balance', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Browser Bakery' })).body.id
    const conn = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'hcws' })).body
    const base = `/companies/${companyId}/connections/${conn.id}`
    for (const [id, name] of [
      ['chk', 'Everyday Checking'],
      ['sav', 'Savings'],
    ]) {
      const r = await api('POST', `${base}/connectionInfo/bankFeedAccounts`, {
        id,
        accountName: name,
        accountType: 'Debit',
        accountNumber: '0001',
        currency: 'USD',
        balance: 0,
      })
      expect(r.status).toBe(200)
    }
    const creds = (await api('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`)).body

    const page = await browser.newPage()
    const link = new URL(conn.linkUrl)
    await page.goto(`${baseUrl}${link.pathname}${link.search}`)
    expect(await page.title()).toContain('Link a bank feed')

    // Wrong password first: the error is shown plainly and nothing is linked.
    await page.getByLabel('Username').fill(creds.username)
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByLabel('Everyday Checking').check()
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unknown or have been revoked')
    expect((await api('GET', base)).body.status).toBe('PendingAuth')

    await page.getByLabel('Password').fill(creds.password)
    await page.getByLabel('QBO account for chk').fill('Checking (bank feed)')
    await page.getByLabel('Feed start date').fill('2026-03-04')
    await page.getByRole('button', { name: 'Connect' }).click()
    await page.waitForURL(/\/_sim\/pages\/qbo\?/)
    expect(await page.getByRole('status').textContent()).toContain('Connected')
    expect(await page.locator('section.account h2').allTextContents()).toEqual(['Checking (bank feed)'])
    expect(await page.locator('tr.test').count()).toBe(2)
    expect((await api('GET', base)).body.status).toBe('Linked')

    const push = await api('POST', `${base}/push/bankAccounts/chk/bankTransactions`, {
      accountId: 'chk',
      transactions: [
        { id: 'b1', date: '2026-03-08', description: 'Flour & yeast', amount: -120.4, balance: 879.6 },
        { id: 'b2', date: '2026-03-09', description: 'Card takings', amount: 310.15, balance: 1189.75 },
        { id: 'b3', date: '2026-03-10', description: 'Card takings', amount: 95.05, balance: 1284.8 },
      ],
    })
    expect(push.status).toBe(200)
    await api('POST', '/_sim/clock', { advance: 'PT2S' })
    expect((await api('GET', `/companies/${companyId}/push/${push.body.pushOperationKey}`)).body.status).toBe(
      'Success',
    )

    await page.reload()
    expect(await page.locator('tr.line').count()).toBe(0)
    await page.getByRole('button', { name: 'Update' }).click()
    await page.waitForURL(/notice=updated/)
    const rows: string[][] = []
    for (const tr of await page.locator('tr.line').all()) {
      rows.push((await tr.locator('td').allTextContents()).map((t) => t.trim()))
    }
    expect(rows).toEqual([
      ['2026-03-08', 'Flour & yeast', '-120.40', '879.60', ''],
      ['2026-03-09', 'Card takings', '310.15', '1189.75', ''],
      ['2026-03-10', 'Card takings', '95.05', '1284.80', ''],
    ])
    expect(await page.locator('.balance').textContent()).toBe('1284.80')
    expect(await page.locator('tr.test td:last-child').allTextContents()).toEqual(['test line', 'test line'])
    await page.close()
  })
})
