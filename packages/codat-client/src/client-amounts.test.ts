import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import type { BankTransaction } from './models/bank-transaction.js'
import type { SourceAccountV2 } from './models/source-account.js'
import {
  BASE,
  COMPANY_ID,
  CONNECTION_ID,
  pendingOperation,
  rawJson,
  testClient,
  useFakeCodat,
} from './testing/codat-fake.js'

const { server, log } = useFakeCodat()

const ids = { companyId: COMPANY_ID, connectionId: CONNECTION_ID }
const C = `${BASE}/companies/:companyId/connections/:connectionId`

/** Amounts a float would damage: too many digits, beyond 2^53, or famously inexact. */
const tricky = [
  '0.1000000000000000000000000000001',
  '12345678901234567.89',
  '-98765432109876543210.123456789',
  '0.30000000000000000000000000000000000004',
  '9007199254740993',
  '-0.01',
  '0',
  '1.10',
]

function lines(amounts: string[]): BankTransaction[] {
  return amounts.map((amount, i) => ({
    id: `tx-${i}`,
    date: '2026-11-24',
    description: `line ${i}`,
    amount,
    balance: amounts[amounts.length - 1 - i],
  }))
}

describe('exact amounts', () => {
  it('puts decimal strings on the wire as JSON number tokens, digit for digit', async () => {
    const { client } = testClient()
    await client.transactions.create({
      ...ids,
      accountId: 'acc-1',
      createBankTransactions: { accountId: 'acc-1', transactions: lines(tricky) },
    })
    const body = log[0]!.body
    const balances = [...tricky].reverse()
    tricky.forEach((amount, i) => {
      expect(body).toContain(`"amount":${amount},"balance":${balances[i]}}`)
    })
    // still valid JSON that any parser accepts
    expect(() => JSON.parse(body)).not.toThrow()
  })

  it('reads amounts back from the echoed operation as the exact strings that were sent', async () => {
    const { client } = testClient()
    const result = await client.transactions.create({
      ...ids,
      accountId: 'acc-1',
      createBankTransactions: { accountId: 'acc-1', transactions: lines(tricky) },
    })
    expect(result.data?.transactions.map((t) => t.amount)).toEqual(tricky)
    expect(result.data?.transactions.map((t) => t.balance)).toEqual([...tricky].reverse())
    // non-decimal numbers stay numbers
    expect(result.statusCode).toBe(202)
  })

  it('drops redundant leading zeros but keeps trailing ones', async () => {
    const { client } = testClient()
    await client.transactions.create({
      ...ids,
      accountId: 'acc-1',
      createBankTransactions: { accountId: 'acc-1', transactions: lines(['007.50', '-00.10']) },
    })
    expect(log[0]!.body).toContain('"amount":7.50,')
    expect(log[0]!.body).toContain('"amount":-0.10,')
  })

  it.each([
    ['1e3'],
    ['+1'],
    ['1.'],
    ['.5'],
    [' 1'],
    ['1,000.00'],
    ['NaN'],
    ['Infinity'],
    ['1, "injected": 2'],
    [''],
  ])('refuses %j as an amount before anything is sent', async (amount) => {
    const { client } = testClient()
    await expect(
      client.transactions.create({
        ...ids,
        accountId: 'acc-1',
        createBankTransactions: { accountId: 'acc-1', transactions: lines([amount]) },
      }),
    ).rejects.toThrow(TypeError)
    expect(log).toHaveLength(0)
  })

  it('refuses a JS number as an amount (it has already been through a float)', async () => {
    const { client } = testClient()
    const line = { ...lines(['1'])[0], amount: 0.1 } as unknown as BankTransaction
    await expect(
      client.transactions.create({
        ...ids,
        accountId: 'acc-1',
        createBankTransactions: { accountId: 'acc-1', transactions: [line] },
      }),
    ).rejects.toThrow(/amount must be a decimal string/)
  })

  it('reads source-account balances and available balances exactly', async () => {
    server.use(
      http.get(`${C}/connectionInfo/bankFeedAccounts`, () =>
        rawJson(
          '[{"id":"a","accountName":"n","accountType":"savings","accountNumber":"1","currency":"USD",' +
            '"balance":12345678901234567.89,"accountInfo":{"availableBalance":0.1000000000000000000001}}]',
        ),
      ),
    )
    const { client } = testClient()
    const [account] = await client.sourceAccounts.list(ids)
    expect(account?.balance).toBe('12345678901234567.89')
    expect((account as SourceAccountV2 | undefined)?.accountInfo?.availableBalance).toBe(
      '0.1000000000000000000001',
    )
  })

  it('reads a push operation page without touching other numbers', async () => {
    server.use(
      http.get(`${BASE}/companies/:companyId/push`, () =>
        rawJson(
          `{"results":[${JSON.stringify(pendingOperation)}],"pageNumber":1,"pageSize":5000,"totalResults":1,` +
            '"_links":{"self":{"href":"/p"},"current":{"href":"/p"}}}',
        ),
      ),
    )
    const { client } = testClient()
    const page = await client.transactions.listCreateOperations({ companyId: COMPANY_ID })
    expect(page.pageSize).toBe(5000)
    expect(page.results?.[0]?.statusCode).toBe(202)
  })
})
