import { describe, expect, it } from 'vitest'
import { Harness } from '../../testing/harness.js'
import { validLine as ok, pushAndSettle, qboLines } from '../../testing/push-helpers.js'

describe('QBO line rules on create-bank-transactions (Q3-Q7, Q9, duplicates, warnings)', () => {
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
})
