import { describe, expect, it } from 'vitest'
import {
  COMPANY_ID,
  CONNECTION_ID,
  type RecordedRequest,
  testClient,
  useFakeCodat,
} from './testing/codat-fake.js'

// Account mapping (Xero), one-time passwords (Sage) and company information (Xero), as in
// client-operations.test.ts: the request on the wire and the answer typed as the OpenAPI document.

const { log } = useFakeCodat()

const ids = { companyId: COMPANY_ID, connectionId: CONNECTION_ID }
const C = `/companies/${COMPANY_ID}/connections/${CONNECTION_ID}`

function only(): RecordedRequest {
  expect(log).toHaveLength(1)
  return log[0]!
}

describe('accountMapping', () => {
  it('get GETs …/bankFeedAccounts/mapping (not under connectionInfo) and keeps balances exact', async () => {
    const { client } = testClient()
    const mappings = await client.accountMapping.get(ids)
    const request = only()
    expect([request.method, request.path]).toEqual(['GET', `${C}/bankFeedAccounts/mapping`])
    expect(request.body).toBe('')
    expect(mappings).toEqual([
      {
        sourceAccountId: 'acc-1',
        sourceAccountName: 'Checking',
        sourceAccountNumber: '01234567',
        sourceBalance: '1500.25',
        sourceCurrency: 'GBP',
        status: 'pending',
        targetAccountOptions: [
          {
            id: '044096a7-1478-4554-8820-f478caad1b00',
            name: 'Business Account',
            balance: '100.99',
            sortCode: '602336',
            accountNumber: '23203',
          },
        ],
      },
    ])
  })

  it('create POSTs one BankFeedAccountMapping with an Idempotency-Key and answers the mapping response', async () => {
    const { client } = testClient()
    const answer = await client.accountMapping.create({
      ...ids,
      idempotencyKey: 'map-1',
      bankFeedAccountMapping: {
        sourceAccountId: 'acc-1',
        targetAccountId: '044096a7-1478-4554-8820-f478caad1b00',
        feedStartDate: '2026-11-01T00:00:00',
      },
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', `${C}/bankFeedAccounts/mapping`])
    expect(JSON.parse(request.body)).toEqual({
      sourceAccountId: 'acc-1',
      targetAccountId: '044096a7-1478-4554-8820-f478caad1b00',
      feedStartDate: '2026-11-01T00:00:00',
    })
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('idempotency-key')).toBe('map-1')
    expect(answer).toEqual({
      sourceAccountId: 'acc-1',
      targetAccountId: null,
      status: 'connecting',
      error: null,
    })
  })

  it('create without a target sends only the source account id ("create a new account")', async () => {
    const { client } = testClient()
    await client.accountMapping.create({ ...ids, bankFeedAccountMapping: { sourceAccountId: 'acc-1' } })
    expect(JSON.parse(only().body)).toEqual({ sourceAccountId: 'acc-1' })
    expect(only().headers.get('idempotency-key')).toBe('generated-key-1')
  })
})

describe('sourceAccounts.generateOtp', () => {
  it('POSTs …/bankFeeds/otp with no body and answers the password and its expiry', async () => {
    const { client } = testClient()
    const otp = await client.sourceAccounts.generateOtp(ids)
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', `${C}/bankFeeds/otp`])
    expect(request.body).toBe('')
    expect(request.headers.has('content-type')).toBe(false)
    expect(request.headers.get('idempotency-key')).toBe('generated-key-1')
    expect(otp).toEqual({ otp: 'GT40U4', expiry: '2026-11-24T10:30:00Z' })
  })

  it('keeps the password out of the client events', async () => {
    const { client, events } = testClient()
    await client.sourceAccounts.generateOtp(ids)
    expect(events.length).toBeGreaterThan(0)
    expect(JSON.stringify(events)).not.toContain('GT40U4')
  })
})

describe('companyInformation', () => {
  it('get GETs …/bankFeeds/info and answers the organisation', async () => {
    const { client } = testClient()
    const info = await client.companyInformation.get(ids)
    expect([only().method, only().path]).toEqual(['GET', `${C}/bankFeeds/info`])
    expect(info).toEqual({
      companyName: 'Demo Company (UK)',
      baseCurrency: 'GBP',
      planType: null,
      multicurrencyEnabled: false,
      currencies: null,
    })
  })
})
