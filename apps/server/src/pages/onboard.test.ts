import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Agent, type PagesTestApp, pagesTestApp } from './test-agent.js'

let t: PagesTestApp
let a: Agent
beforeEach(async () => {
  t = await pagesTestApp()
  a = new Agent(t.app)
  await a.signIn()
})
afterEach(async () => {
  await t.app.close()
})

const account = (i: number, over: Record<string, string> = {}) => ({
  [`accounts.${i}.accountName`]: 'Business Checking',
  [`accounts.${i}.accountNumber`]: '00012345',
  [`accounts.${i}.accountType`]: 'checking',
  [`accounts.${i}.currency`]: 'USD',
  [`accounts.${i}.balance`]: '1,250.00',
  ...over,
})

function keyOf(body: string): string {
  return /name="idempotencyKey" value="([^"]+)"/.exec(body)?.[1] ?? ''
}

describe('Connect a business', () => {
  it('explains the opening balance and labels every field', async () => {
    const res = await a.get('/app/companies/new')
    expect(res.body).toContain('The balance before the first transaction fed to the ledger')
    for (const id of [
      'name',
      'timeZone',
      'accounts-0-accountName',
      'accounts-0-balance',
      'accounts-0-currency',
    ]) {
      expect(res.body).toContain(`<label for="${id}"`)
    }
  })

  it('given bad input, then the form comes back 422 with a message per field and the typed values', async () => {
    const form = await a.get('/app/companies/new')
    const res = await a.post('/app/companies/new', {
      idempotencyKey: keyOf(form.body),
      name: '',
      timeZone: 'Mars/Olympus',
      accountCount: '1',
      ...account(0, { 'accounts.0.balance': '12.345', 'accounts.0.accountName': '<img src=x>' }),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Enter the name of the business.')
    expect(res.body).toContain('Choose a time zone from the list.')
    expect(res.body).toContain('at most 2 decimals')
    expect(res.body).toContain('value="&lt;img src=x&gt;"')
    expect(res.body).toContain('aria-invalid="true"')
    expect(t.data.calls.filter((c) => c.startsWith('onboard'))).toEqual([])
  })

  it('given a double submit of the same form, then one company is made and both land on it', async () => {
    const form = await a.get('/app/companies/new')
    const body = {
      idempotencyKey: keyOf(form.body),
      name: 'Bakery',
      timeZone: 'America/New_York',
      accountCount: '1',
      ...account(0),
    }
    const first = await a.post('/app/companies/new', body)
    const second = await a.post('/app/companies/new', body)
    expect(first.statusCode).toBe(303)
    expect(second.headers.location).toBe(first.headers.location)
    const calls = t.data.calls.filter((c) => c.startsWith('onboard'))
    expect(new Set(calls).size).toBe(1)
    const page = await a.get(String(first.headers.location))
    expect(page.body).toContain('Bakery is set up')
    expect(page.body).toContain('Business Checking')
  })

  it('adds and removes account rows without onboarding anything', async () => {
    const form = await a.get('/app/companies/new')
    const added = await a.post('/app/companies/new', {
      idempotencyKey: keyOf(form.body),
      name: 'Bakery',
      accountCount: '1',
      action: 'add',
      ...account(0),
    })
    expect(added.statusCode).toBe(200)
    expect(added.body).toContain('Account 2')
    expect(added.body).toContain('value="Business Checking"')
    const removed = await a.post('/app/companies/new', {
      idempotencyKey: keyOf(form.body),
      name: 'Bakery',
      accountCount: '2',
      action: 'remove:1',
      ...account(0),
      ...account(1),
    })
    expect(removed.body).not.toContain('Account 2')
    expect(t.data.calls).toEqual([])
  })

  it('given a refusal from the service, then the form says why and gets a new key', async () => {
    const form = await a.get('/app/companies/new')
    const key = keyOf(form.body)
    const res = await a.post('/app/companies/new', {
      idempotencyKey: key,
      name: 'Refused Ltd',
      accountCount: '1',
      ...account(0),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Codat refused the company name.')
    expect(keyOf(res.body)).not.toBe(key)
  })

  it('given a JSON body instead of a form, then it is a 4xx page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/app/companies/new',
      headers: {
        'content-type': 'text/plain',
        cookie: `feedsync_session=${encodeURIComponent(a.cookie ?? '')}`,
      },
      payload: 'name=x',
    })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
  })
})
