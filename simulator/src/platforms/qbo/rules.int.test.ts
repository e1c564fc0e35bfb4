import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'

// Frozen clock at 2026-03-10T12:00:00Z (UTC): today 2026-03-10, historic window from 2026-03-03.
const ok = (id: string, date: string, balance = 1, extra: Record<string, unknown> = {}) => ({
  id,
  date,
  description: `line ${id}`,
  amount: 1,
  balance,
  ...extra,
})

async function pushAndSettle(h: Harness, url: string, accountId: string, transactions: unknown[]) {
  const res = await h.push(url, accountId, transactions)
  expect(res.status).toBe(200)
  expect(res.body.status).toBe('Pending')
  await h.advance('PT2S')
  const companyId = url.split('/')[2]
  return (await h.call('GET', `/companies/${companyId}/push/${res.body.pushOperationKey}`)).body
}

async function qboLines(h: Harness, s: { companyId: string; connectionId: string }) {
  const view = await h.call('POST', '/_sim/qbo/update', {
    companyId: s.companyId,
    connectionId: s.connectionId,
  })
  return view.body.accounts[0].lines
    .filter((l: { isTest: boolean }) => !l.isTest)
    .map((l: { id: string }) => l.id)
}

describe('QBO rules on create-bank-transactions', () => {
  it('Q1: a connection that is not Linked fails every line and stores nothing', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10'), ok('b', '2026-03-10')])
    expect(op.status).toBe('Failed')
    expect(op.statusCode).toBe(400)
    expect(op.validation.errors).toEqual([
      {
        itemId: 'a',
        message: 'Q1: the connection is PendingAuth, not Linked.',
        validatorName: 'BankTransactions',
      },
      {
        itemId: 'b',
        message: 'Q1: the connection is PendingAuth, not Linked.',
        validatorName: 'BankTransactions',
      },
    ])
    expect(op.errorMessage).toMatch(
      /^An error occurred in a downstream service\. Correlation ID: [0-9a-f]{32}\./,
    )
    expect(op.completedOnUtc).toBe('2026-03-10T12:00:02Z')
  })

  it('Q1: a source account that is not connected is refused even on a Linked connection', async () => {
    const h = new Harness()
    const s = await h.setup()
    await h.call('POST', `${s.base}/connectionInfo/bankFeedAccounts`, {
      id: 'acc-2',
      currency: 'USD',
      balance: 0,
    })
    const op = await pushAndSettle(h, `${s.base}/push/bankAccounts/acc-2/bankTransactions`, 'acc-2', [
      ok('x', '2026-03-10'),
    ])
    expect(op.status).toBe('Failed')
    expect(op.validation.errors[0].message).toBe('Q1: the source account is pending, not connected.')
  })

  it('Q2: the body accountId must be the account in the path (HTTP 400)', async () => {
    const h = new Harness()
    const s = await h.setup()
    const res = await h.push(s.pushUrl, 'another', [ok('a', '2026-03-10')])
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      statusCode: 400,
      service: 'PublicApi',
      error: 'Error processing request - not valid.',
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
      validation: {
        errors: [
          {
            itemId: 'accountId',
            message: 'accountId in the body must equal the accountId in the path.',
            validatorName: 'BankTransactions',
          },
        ],
        warnings: [],
      },
    })
  })

  it('Q3: lines out of chronological order fail (only the offending line is reported) and nothing is stored', async () => {
    const h = new Harness()
    const s = await h.setup()
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [
      ok('a', '2026-03-08'),
      ok('b', '2026-03-07'),
      ok('c', '2026-03-09'),
    ])
    expect(op.status).toBe('Failed')
    expect(
      op.validation.errors.map((e: { itemId: string; message: string }) => [e.itemId, e.message.slice(0, 3)]),
    ).toEqual([['b', 'Q3:']])
    expect(await qboLines(h, s)).toEqual([])
  })

  it('Q3: equal dates are allowed, and times within a day must not go backwards', async () => {
    const h = new Harness()
    const s = await h.setup()
    const good = await pushAndSettle(h, s.pushUrl, s.accountId, [
      ok('a', '2026-03-08'),
      ok('b', '2026-03-08'),
    ])
    expect(good.status).toBe('Success')
    const bad = await pushAndSettle(h, s.pushUrl, s.accountId, [
      ok('c', '2026-03-09T10:00:00'),
      ok('d', '2026-03-09T09:00:00'),
    ])
    expect(bad.validation.errors[0]).toMatchObject({ itemId: 'd' })
    expect(bad.validation.errors[0].message).toMatch(/^Q3:/)
  })

  it('Q4: a line older than the newest stored line fails; the same day is allowed', async () => {
    const h = new Harness()
    const s = await h.setup()
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-08')])).status).toBe('Success')
    const older = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-07')])
    expect(older.status).toBe('Failed')
    expect(older.validation.errors[0].message).toBe(
      'Q4: date 2026-03-07 is older than the newest transaction already on the account (2026-03-08).',
    )
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('c', '2026-03-08')])).status).toBe('Success')
  })

  it('Q4: lines written but not yet pulled by QBO count; QBO test lines do not', async () => {
    const h = new Harness()
    const s = await h.setup({ feedStartDate: '2026-03-03' })
    const view = await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)
    expect(
      view.body.accounts[0].lines.map((l: { date: string; isTest: boolean }) => [l.date, l.isTest]),
    ).toEqual([
      ['2026-03-02', true],
      ['2026-03-02', true],
    ])
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-03')])).status).toBe('Success')
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-02')])).status).toBe('Failed')
  })

  it('Q5: a future-dated line fails', async () => {
    const h = new Harness()
    const s = await h.setup()
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10'), ok('b', '2026-03-11')])
    expect(op.validation.errors).toHaveLength(1)
    expect(op.validation.errors[0]).toMatchObject({
      itemId: 'b',
      message: 'Q5: date 2026-03-11 is in the future (today is 2026-03-10).',
    })
  })

  it('Q5/Q6: "today" is measured in the company time zone when one is configured', async () => {
    // 2026-03-10T12:00Z is 2026-03-11 01:00 in Auckland (UTC+13).
    const h = new Harness({ timeZone: 'Pacific/Auckland' })
    const s = await h.setup({ feedStartDate: '2026-03-05' })
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-11')])).status).toBe('Success')
  })

  it('Q6 (requireTodayOrYesterday): after the first write, lines must be dated today or yesterday', async () => {
    const h = new Harness({ requireTodayOrYesterday: true })
    const s = await h.setup()
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-05')])).status).toBe('Success')
    const late = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-08')])
    expect(late.validation.errors[0].message).toBe(
      'Q6: date 2026-03-08 must be today or yesterday (2026-03-09 or 2026-03-10).',
    )
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('c', '2026-03-09')])).status).toBe('Success')
  })

  it('Q6 default: a later write older than yesterday is tolerated inside the 7-day window', async () => {
    const h = new Harness()
    const s = await h.setup()
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-05')])).status).toBe('Success')
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-06')])).status).toBe('Success')
  })

  it('Q7: lines before the feed start date fail', async () => {
    const h = new Harness()
    const s = await h.setup({ feedStartDate: '2026-03-06' })
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-05'), ok('b', '2026-03-06')])
    expect(op.validation.errors).toEqual([
      {
        itemId: 'a',
        message: 'Q7: date 2026-03-05 is before the feed start date 2026-03-06.',
        validatorName: 'BankTransactions',
      },
    ])
  })

  it('Q7: a feed start date older than 7 days is ignored: the window starts 7 days back', async () => {
    const h = new Harness()
    const s = await h.setup({ feedStartDate: '2026-01-15' })
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-02'), ok('b', '2026-03-03')])
    expect(op.validation.errors).toEqual([
      {
        itemId: 'a',
        message: 'Q7: date 2026-03-02 is more than 7 days old (earliest 2026-03-03).',
        validatorName: 'BankTransactions',
      },
    ])
  })

  it('Q7: historicDays is a setting', async () => {
    const h = new Harness({ historicDays: 2 })
    const s = await h.setup({ feedStartDate: '2026-03-01' })
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-07')])).status).toBe('Failed')
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-08')])).status).toBe('Success')
  })

  it('Q8: 1000 lines are accepted, 1001 are an HTTP 400', async () => {
    const h = new Harness()
    const s = await h.setup()
    const many = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ok(`${p}${i}`, '2026-03-10', i))
    const big = await h.push(s.pushUrl, s.accountId, many(1001, 'x'))
    expect(big.status).toBe(400)
    expect(big.body.validation.errors).toEqual([
      {
        itemId: 'transactions',
        message: 'A request may hold at most 1000 transactions; this one holds 1001.',
        validatorName: 'BankTransactions',
      },
    ])
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, many(1000, 'y'))).status).toBe('Success')
  })

  it('Q9: QBO-required fields missing, or a transactionType QBO does not take, fail the line', async () => {
    const h = new Harness()
    const s = await h.setup()
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [
      { id: 'a', date: '2026-03-10', amount: 1, balance: 1 },
      { id: 'b', date: '2026-03-10', description: 'no balance', amount: 1 },
      ok('c', '2026-03-10', 1, { transactionType: 'Fee' }),
      ok('d', '2026-03-10', 1, {
        transactionType: 'Unknown',
        counterparty: 'ignored',
        reference: 'r',
        reconciled: true,
      }),
    ])
    expect(op.validation.errors).toEqual([
      {
        itemId: 'a',
        message: 'Q9: description required for QuickBooks Online.',
        validatorName: 'BankTransactions',
      },
      {
        itemId: 'b',
        message: 'Q9: balance required for QuickBooks Online.',
        validatorName: 'BankTransactions',
      },
      {
        itemId: 'c',
        message: 'Q9: transactionType Fee is not supported by QuickBooks Online (Credit, Debit or Unknown).',
        validatorName: 'BankTransactions',
      },
    ])
  })

  it('Q10: the balance of the last line becomes the account balance and, once pulled, the QBO balance', async () => {
    const h = new Harness()
    const s = await h.setup()
    await pushAndSettle(h, s.pushUrl, s.accountId, [
      ok('a', '2026-03-09', 10.25),
      ok('b', '2026-03-10', 0.1),
      ok('c', '2026-03-10', 1234567.89),
    ])
    const accounts = await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)
    expect(accounts.body[0].balance).toBe(1234567.89)
    await h.call('POST', '/_sim/qbo/update', { companyId: s.companyId, connectionId: s.connectionId })
    const view = await h.call('GET', `/_sim/qbo/accounts/${s.companyId}/${s.connectionId}`)
    expect(view.body.accounts[0].balance).toBe('1234567.89')
  })

  it('Q11: after the feed is switched off writes fail at once; 10 days later the account is disconnected and the connection Unlinked', async () => {
    const h = new Harness()
    const s = await h.setup()
    const off = await h.call('POST', '/_sim/qbo/feed', {
      companyId: s.companyId,
      connectionId: s.connectionId,
      sourceAccountId: s.accountId,
      enabled: false,
    })
    expect(off.status).toBe(200)
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10')])
    expect(op.validation.errors[0].message).toBe(
      'Q11: the bank feed for this account has been switched off in QuickBooks Online.',
    )
    await h.advance('P9DT23H')
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe(
      'connected',
    )
    await h.advance('PT1H')
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].status).toBe(
      'disconnected',
    )
    expect((await h.call('GET', s.base)).body.status).toBe('Unlinked')
  })

  it('Q12: after the credentials are revoked, writes from accounts linked with them fail', async () => {
    const h = new Harness()
    const s = await h.setup()
    expect((await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-09')])).status).toBe('Success')
    const del = await h.call('DELETE', `${s.base}/connectionInfo/bankFeedAccounts/credentials`)
    expect(del.status).toBe(204)
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('b', '2026-03-10')])
    expect(op.validation.errors[0].message).toBe(
      'Q12: the credentials this account was linked with in QuickBooks Online have been revoked.',
    )
  })

  it('one bad line fails the whole request: all or nothing', async () => {
    const h = new Harness()
    const s = await h.setup()
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-09'), ok('b', '2026-03-12')])
    expect(op.status).toBe('Failed')
    expect(await qboLines(h, s)).toEqual([])
    expect((await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body[0].balance).toBe(0)
  })

  it('a sign that disagrees with the transaction type is a warning, not an error', async () => {
    const h = new Harness()
    const s = await h.setup()
    const op = await pushAndSettle(h, s.pushUrl, s.accountId, [
      ok('a', '2026-03-10', 1, { amount: -5, transactionType: 'Credit' }),
      ok('b', '2026-03-10', 1, { amount: -5, transactionType: 'Debit' }),
    ])
    expect(op.status).toBe('Success')
    expect(op.validation).toEqual({
      errors: [],
      warnings: [
        {
          itemId: 'a',
          message: 'A Credit transaction usually has a positive amount.',
          validatorName: 'BankTransactions',
        },
      ],
    })
  })

  it('duplicate line ids are stored again by default and refused with duplicateLineIds=refuse', async () => {
    const a = new Harness()
    const s = await a.setup()
    await pushAndSettle(a, s.pushUrl, s.accountId, [ok('dup', '2026-03-10')])
    expect((await pushAndSettle(a, s.pushUrl, s.accountId, [ok('dup', '2026-03-10')])).status).toBe('Success')
    expect(await qboLines(a, s)).toEqual(['dup', 'dup'])

    const b = new Harness({ duplicateLineIds: 'refuse' })
    const t = await b.setup()
    await pushAndSettle(b, t.pushUrl, t.accountId, [ok('dup', '2026-03-10')])
    const again = await pushAndSettle(b, t.pushUrl, t.accountId, [ok('dup', '2026-03-10')])
    expect(again.validation.errors[0].message).toBe(
      'Transaction dup has already been written to this account.',
    )
  })

  it('malformed requests are HTTP 400 with validation errors: bad JSON, wrong types, unknown enum, bad dates', async () => {
    const h = new Harness()
    const s = await h.setup()
    const badJson = await h.call('POST', s.pushUrl, '{"accountId":')
    expect(badJson.status).toBe(400)
    expect(badJson.body.validation.errors[0].message).toBe('The request body is not valid JSON.')
    const noLines = await h.call('POST', s.pushUrl, { accountId: s.accountId })
    expect(noLines.body.validation.errors[0].itemId).toBe('transactions')
    const types = await h.push(s.pushUrl, s.accountId, [
      ok('a', '2026-03-10', 1, { amount: 'ten' }),
      ok('b', '2026-03-10', 1, { transactionType: 'Bogus' }),
      ok('c', '2026-03-31T25:00:00'),
      ok('d', '2026-02-30'),
    ])
    expect(types.status).toBe(400)
    expect(types.body.validation.errors.map((e: { itemId: string }) => e.itemId)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ])
  })

  it('amounts given as decimal strings are kept exactly', async () => {
    const h = new Harness()
    const s = await h.setup()
    await pushAndSettle(h, s.pushUrl, s.accountId, [
      { id: 'a', date: '2026-03-10', description: 'x', amount: '0.10', balance: '12345678901234.37' },
    ])
    const view = await h.call('POST', '/_sim/qbo/update', {
      companyId: s.companyId,
      connectionId: s.connectionId,
    })
    expect(view.body.accounts[0].balance).toBe('12345678901234.37')
    expect(view.body.accounts[0].lines[2].amount).toBe('0.1')
  })

  it('date offsets are ignored: only the local date part counts', async () => {
    const h = new Harness()
    const s = await h.setup()
    // 2026-03-10T23:30:00-05:00 is 2026-03-11 in UTC, but Codat reads the local part: 2026-03-10.
    expect(
      (await pushAndSettle(h, s.pushUrl, s.accountId, [ok('a', '2026-03-10T23:30:00-05:00')])).status,
    ).toBe('Success')
  })
})

describe('push operation lifecycle', () => {
  it('stays Pending until pushLatencyMs of simulated time has passed', async () => {
    const h = new Harness({ pushLatencyMs: 5000 })
    const s = await h.setup()
    const res = await h.push(s.pushUrl, s.accountId, [ok('a', '2026-03-10')])
    expect(res.body).not.toHaveProperty('completedOnUtc')
    await h.advance('PT4S')
    const url = `/companies/${s.companyId}/push/${res.body.pushOperationKey}`
    expect((await h.call('GET', url)).body.status).toBe('Pending')
    await h.advance('PT1S')
    expect((await h.call('GET', url)).body).toMatchObject({
      status: 'Success',
      completedOnUtc: '2026-03-10T12:00:05Z',
    })
  })

  it('with pushLatencyMs 0 the create response is already terminal', async () => {
    const h = new Harness({ pushLatencyMs: 0 })
    const s = await h.setup()
    const res = await h.push(s.pushUrl, s.accountId, [ok('a', '2026-03-12')])
    expect(res.body).toMatchObject({
      status: 'Failed',
      statusCode: 400,
      completedOnUtc: '2026-03-10T12:00:00Z',
    })
  })

  it('timeoutInMinutes turns a still-Pending operation TimedOut (statusCode 202, completedOnUtc set) and stores nothing', async () => {
    const h = new Harness({ pushLatencyMs: 10 * 60_000 })
    const s = await h.setup()
    const res = await h.push(`${s.pushUrl}?timeoutInMinutes=1`, s.accountId, [ok('a', '2026-03-10')])
    expect(res.body).toMatchObject({ timeoutInMinutes: 1, timeoutInSeconds: 60 })
    await h.advance('PT1M')
    const url = `/companies/${s.companyId}/push/${res.body.pushOperationKey}`
    expect((await h.call('GET', url)).body).toMatchObject({
      status: 'TimedOut',
      statusCode: 202,
      completedOnUtc: '2026-03-10T12:01:00Z',
    })
    await h.advance('PT20M')
    expect((await h.call('GET', url)).body.status).toBe('TimedOut')
    expect(await qboLines(h, s)).toEqual([])
  })

  it('/_sim/push/{key}/complete forces the outcome of a Pending operation', async () => {
    const h = new Harness({ pushLatencyMs: 60_000 })
    const s = await h.setup()
    const a = await h.push(s.pushUrl, s.accountId, [ok('a', '2026-03-10')])
    const b = await h.push(s.pushUrl, s.accountId, [ok('b', '2026-03-10')])
    const forcedFail = await h.call('POST', `/_sim/push/${a.body.pushOperationKey}/complete`, {
      status: 'Failed',
    })
    expect(forcedFail.body).toMatchObject({ status: 'Failed', statusCode: 400 })
    const forcedOk = await h.call('POST', `/_sim/push/${b.body.pushOperationKey}/complete`, {
      status: 'Success',
    })
    expect(forcedOk.body).toMatchObject({ status: 'Success', statusCode: 200 })
    const again = await h.call('POST', `/_sim/push/${b.body.pushOperationKey}/complete`, { status: 'Failed' })
    expect(again.status).toBe(409)
    expect(await qboLines(h, s)).toEqual(['b'])
  })

  it('an unknown source account is a 404', async () => {
    const h = new Harness()
    const s = await h.setup()
    const res = await h.push(`${s.base}/push/bankAccounts/nope/bankTransactions`, 'nope', [])
    expect(res.status).toBe(404)
    expect(res.body.error).toBe('Source account nope not found')
  })
})
