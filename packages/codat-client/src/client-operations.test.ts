import { describe, expect, it } from 'vitest'
import {
  COMPANY_ID,
  CONNECTION_ID,
  company,
  connection,
  PUSH_KEY,
  type RecordedRequest,
  TEST_API_KEY_BASE64,
  testClient,
  useFakeCodat,
} from './testing/codat-fake.js'

const { log } = useFakeCodat()

const ids = { companyId: COMPANY_ID, connectionId: CONNECTION_ID }
const C = `/companies/${COMPANY_ID}/connections/${CONNECTION_ID}`

function only(): RecordedRequest {
  expect(log).toHaveLength(1)
  return log[0]!
}

describe('every request', () => {
  it('carries Basic auth with the base64 of the API key and asks for JSON', async () => {
    const { client } = testClient()
    await client.companies.get({ companyId: COMPANY_ID })
    const request = only()
    expect(request.headers.get('authorization')).toBe(`Basic ${TEST_API_KEY_BASE64}`)
    expect(request.headers.get('accept')).toBe('application/json')
  })

  it('sends no Idempotency-Key and no body on GET and DELETE', async () => {
    const { client } = testClient()
    await client.sourceAccounts.list(ids)
    await client.companies.delete({ companyId: COMPANY_ID })
    for (const request of log) {
      expect(request.headers.has('idempotency-key')).toBe(false)
      expect(request.body).toBe('')
    }
  })

  it('percent-encodes path parameters', async () => {
    const { client } = testClient()
    await client.sourceAccounts.delete({ ...ids, accountId: 'acc/1 ?x' })
    expect(only().path).toBe(`${C}/connectionInfo/bankFeedAccounts/acc%2F1%20%3Fx`)
  })
})

describe('companies', () => {
  it('create POSTs the body without the idempotency key field and returns the company', async () => {
    const { client } = testClient()
    const result = await client.companies.create({
      name: 'Bank of Dave',
      description: 'd',
      idempotencyKey: 'k-1',
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', '/companies'])
    expect(JSON.parse(request.body)).toEqual({ name: 'Bank of Dave', description: 'd' })
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('idempotency-key')).toBe('k-1')
    expect(result).toEqual(company)
  })

  it('create generates an Idempotency-Key when the caller gives none', async () => {
    const { client } = testClient()
    await client.companies.create({ name: 'Bank of Dave' })
    expect(only().headers.get('idempotency-key')).toBe('generated-key-1')
  })

  it('get reads one company', async () => {
    const { client } = testClient()
    expect(await client.companies.get({ companyId: COMPANY_ID })).toEqual(company)
    expect([only().method, only().path]).toEqual(['GET', `/companies/${COMPANY_ID}`])
  })

  it('list passes paging, query, orderBy and tags as query parameters and returns the envelope', async () => {
    const { client } = testClient()
    const page = await client.companies.list({
      page: 2,
      pageSize: 10,
      query: 'name~Dave && created>2026-01-01',
      orderBy: '-created',
      tags: 'region=uk',
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['GET', '/companies'])
    expect(Object.fromEntries(request.search)).toEqual({
      page: '2',
      pageSize: '10',
      query: 'name~Dave && created>2026-01-01',
      orderBy: '-created',
      tags: 'region=uk',
    })
    expect(page.results).toEqual([company])
    expect(page.totalResults).toBe(11)
  })

  it('list without arguments sends no query string', async () => {
    const { client } = testClient()
    await client.companies.list()
    expect([...only().search.keys()]).toEqual([])
  })

  it('delete resolves with nothing on 204', async () => {
    const { client } = testClient()
    await expect(client.companies.delete({ companyId: COMPANY_ID })).resolves.toBeUndefined()
    expect([only().method, only().path]).toEqual(['DELETE', `/companies/${COMPANY_ID}`])
  })
})

describe('connections', () => {
  it('create POSTs the platform key', async () => {
    const { client } = testClient()
    const result = await client.connections.create({
      companyId: COMPANY_ID,
      requestBody: { platformKey: 'hcws' },
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', `/companies/${COMPANY_ID}/connections`])
    expect(JSON.parse(request.body)).toEqual({ platformKey: 'hcws' })
    expect(request.headers.get('idempotency-key')).toBe('generated-key-1')
    expect(result).toEqual(connection)
  })

  it('get reads one connection', async () => {
    const { client } = testClient()
    expect(await client.connections.get(ids)).toEqual(connection)
    expect([only().method, only().path]).toEqual(['GET', C])
  })

  it('list passes paging parameters', async () => {
    const { client } = testClient()
    const page = await client.connections.list({ companyId: COMPANY_ID, page: 1, query: 'status=Linked' })
    expect(only().path).toBe(`/companies/${COMPANY_ID}/connections`)
    expect(Object.fromEntries(only().search)).toEqual({ page: '1', query: 'status=Linked' })
    expect(page.results).toEqual([connection])
  })

  it('unlink PATCHes status Unlinked by default, with an Idempotency-Key', async () => {
    const { client } = testClient()
    const result = await client.connections.unlink(ids)
    const request = only()
    expect([request.method, request.path]).toEqual(['PATCH', C])
    expect(JSON.parse(request.body)).toEqual({ status: 'Unlinked' })
    expect(request.headers.get('idempotency-key')).toBe('generated-key-1')
    expect(result.status).toBe('Unlinked')
  })

  it('delete resolves with nothing on an empty 200', async () => {
    const { client } = testClient()
    await expect(client.connections.delete(ids)).resolves.toBeUndefined()
    expect([only().method, only().path]).toEqual(['DELETE', C])
  })
})

describe('sourceAccounts', () => {
  const v2 = {
    id: 'acc-1',
    accountName: 'Checking',
    accountType: 'checking' as const,
    accountNumber: '01234567',
    currency: 'USD',
    balance: '1500.25',
  }

  it('create POSTs one prototype with balance as a JSON number and returns balance as a string', async () => {
    const { client } = testClient()
    const result = await client.sourceAccounts.create({
      ...ids,
      requestBody: v2,
      idempotencyKey: 'acc-1-create',
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', `${C}/connectionInfo/bankFeedAccounts`])
    expect(request.body).toBe(
      '{"id":"acc-1","accountName":"Checking","accountType":"checking","accountNumber":"01234567","currency":"USD","balance":1500.25}',
    )
    expect(request.headers.get('idempotency-key')).toBe('acc-1-create')
    expect(result).toMatchObject({ id: 'acc-1', balance: '1500.25', status: 'pending' })
  })

  it('createBatch POSTs an array to /batch and returns every item of a 207', async () => {
    const { client } = testClient()
    const results = await client.sourceAccounts.createBatch({
      ...ids,
      requestBody: [v2, { ...v2, id: 'acc-2' }],
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', `${C}/connectionInfo/bankFeedAccounts/batch`])
    expect(JSON.parse(request.body)).toHaveLength(2)
    expect(results).toEqual([
      {
        sourceAccountId: 'acc-1',
        result: {
          statusCode: 200,
          error: null,
          account: expect.objectContaining({ id: 'acc-1', balance: '1500.25' }),
        },
      },
      { sourceAccountId: 'acc-2', result: { statusCode: '400', error: 'duplicate id' } },
    ])
  })

  it('list GETs the bare array of accounts', async () => {
    const { client } = testClient()
    const accounts = await client.sourceAccounts.list(ids)
    expect([only().method, only().path]).toEqual(['GET', `${C}/connectionInfo/bankFeedAccounts`])
    expect(accounts.map((a) => [a.id, a.status, a.balance])).toEqual([['acc-1', 'pending', '1500.25']])
  })

  it('update PATCHes the account under its id', async () => {
    const { client } = testClient()
    await client.sourceAccounts.update({
      ...ids,
      accountId: 'acc-1',
      sourceAccount: { id: 'acc-1', accountName: 'Renamed', status: 'disconnected' },
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['PATCH', `${C}/connectionInfo/bankFeedAccounts/acc-1`])
    expect(JSON.parse(request.body)).toEqual({ id: 'acc-1', accountName: 'Renamed', status: 'disconnected' })
    expect(request.headers.has('idempotency-key')).toBe(true)
  })

  it('delete DELETEs the account', async () => {
    const { client } = testClient()
    await expect(client.sourceAccounts.delete({ ...ids, accountId: 'acc-1' })).resolves.toBeUndefined()
    expect([only().method, only().path]).toEqual(['DELETE', `${C}/connectionInfo/bankFeedAccounts/acc-1`])
  })

  it('generateCredentials POSTs an empty JSON object and returns the pair', async () => {
    const { client } = testClient()
    const credentials = await client.sourceAccounts.generateCredentials(ids)
    const request = only()
    expect([request.method, request.path]).toEqual([
      'POST',
      `${C}/connectionInfo/bankFeedAccounts/credentials`,
    ])
    expect(request.body).toBe('{}')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(credentials).toEqual({ username: 'S0MW-TR0P-7DS0', password: 'cO0ajh0uGyTN0Pwh' })
  })

  it('deleteCredentials DELETEs the credentials resource, not an account called "credentials"', async () => {
    const { client } = testClient()
    await expect(client.sourceAccounts.deleteCredentials(ids)).resolves.toBeUndefined()
    expect([only().method, only().path]).toEqual([
      'DELETE',
      `${C}/connectionInfo/bankFeedAccounts/credentials`,
    ])
  })
})

describe('transactions', () => {
  it('create POSTs the lines to the push path with the caller key and query options', async () => {
    const { client } = testClient()
    const operation = await client.transactions.create({
      ...ids,
      accountId: 'acc-1',
      timeoutInMinutes: 30,
      allowSyncOnPushComplete: false,
      idempotencyKey: 'batch-42',
      createBankTransactions: {
        accountId: 'acc-1',
        transactions: [
          { id: 'tx-1', date: '2026-11-24', description: 'Coffee', amount: '-3.10', balance: '96.90' },
          {
            id: 'tx-2',
            date: '2026-11-24T10:21:00',
            description: 'Salary',
            amount: '2000',
            balance: '2096.90',
          },
        ],
      },
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['POST', `${C}/push/bankAccounts/acc-1/bankTransactions`])
    expect(Object.fromEntries(request.search)).toEqual({
      timeoutInMinutes: '30',
      allowSyncOnPushComplete: 'false',
    })
    expect(request.headers.get('idempotency-key')).toBe('batch-42')
    expect(request.body).toBe(
      '{"accountId":"acc-1","transactions":[' +
        '{"id":"tx-1","date":"2026-11-24","description":"Coffee","amount":-3.10,"balance":96.90},' +
        '{"id":"tx-2","date":"2026-11-24T10:21:00","description":"Salary","amount":2000,"balance":2096.90}]}',
    )
    expect(operation).toMatchObject({ pushOperationKey: PUSH_KEY, status: 'Pending', statusCode: 202 })
    expect(operation.data?.transactions[0]).toMatchObject({ amount: '-3.10', balance: '96.90' })
  })

  it('create leaves out query options the caller did not give', async () => {
    const { client } = testClient()
    await client.transactions.create({
      ...ids,
      accountId: 'acc-1',
      createBankTransactions: { accountId: 'acc-1', transactions: [] },
    })
    expect([...only().search.keys()]).toEqual([])
  })

  it('getCreateOperation GETs one push operation by key', async () => {
    const { client } = testClient()
    const operation = await client.transactions.getCreateOperation({
      companyId: COMPANY_ID,
      pushOperationKey: PUSH_KEY,
    })
    expect([only().method, only().path]).toEqual(['GET', `/companies/${COMPANY_ID}/push/${PUSH_KEY}`])
    expect(operation.status).toBe('Success')
  })

  it('listCreateOperations GETs the company push history with a query', async () => {
    const { client } = testClient()
    const page = await client.transactions.listCreateOperations({
      companyId: COMPANY_ID,
      query: 'dataType=bankTransactions&&status=Pending',
      orderBy: '-requestedOnUtc',
      pageSize: 500,
    })
    const request = only()
    expect([request.method, request.path]).toEqual(['GET', `/companies/${COMPANY_ID}/push`])
    expect(Object.fromEntries(request.search)).toEqual({
      query: 'dataType=bankTransactions&&status=Pending',
      orderBy: '-requestedOnUtc',
      pageSize: '500',
    })
    expect(page.results?.[0]?.pushOperationKey).toBe(PUSH_KEY)
  })
})
