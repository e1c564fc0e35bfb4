import { describe, expect, it } from 'vitest'
import { expectQboHoldsExactlyOnce } from './exactly-once.js'
import type { BankTransaction, QboAccountView, QboLine } from './feed-scenario.js'
import { fromUnits, toUnits } from './money.js'

const txns: BankTransaction[] = [
  { id: 'a', date: '2026-03-04T09:00:00', description: 'a', amount: '10.10', status: 'cleared' },
  { id: 'b', date: '2026-03-04T10:00:00', description: 'b', amount: '-2.05', status: 'cleared' },
  { id: 'c', date: '2026-03-05T09:00:00', description: 'c', amount: '0.95', status: 'cleared' },
]

const test = (n: number): QboLine => ({
  id: `test-${n}`,
  date: '2026-03-03',
  description: 'test',
  amount: n === 0 ? '0.01' : '-0.01',
  balance: null,
  isTest: true,
})

/** QBO's view of `lines` (in that order) with correct running balances from 100.00. */
function viewOf(lines: BankTransaction[], tweak: (l: QboLine[]) => void = () => {}): QboAccountView {
  let balance = toUnits('100.00')
  const out: QboLine[] = lines.map((t) => {
    balance += toUnits(t.amount)
    return {
      id: t.id,
      date: t.date,
      description: t.description,
      amount: t.amount,
      balance: fromUnits(balance),
      isTest: false,
    }
  })
  tweak(out)
  const last = out.at(-1)
  return {
    sourceAccountId: 'x',
    balance: last?.balance ?? null,
    lines: [test(0), test(1), ...out],
    expired: [],
    undelivered: 0,
  }
}

describe('the exactly-once check of QBO views', () => {
  it('accepts the test lines followed by every transaction once, in order, with running balances', () => {
    expect(() => expectQboHoldsExactlyOnce(viewOf(txns), txns, '100.00', { strictOrder: true })).not.toThrow()
  })

  it('rejects a duplicated line', () => {
    const a = txns[0] as BankTransaction
    expect(() => expectQboHoldsExactlyOnce(viewOf([...txns, a]), txns, '100.00')).toThrow(/duplicated in QBO/)
  })

  it('rejects a lost line', () => {
    expect(() => expectQboHoldsExactlyOnce(viewOf(txns.slice(0, 2)), txns, '100.00')).toThrow(/lost/)
  })

  it('rejects a line that was never pushable', () => {
    expect(() => expectQboHoldsExactlyOnce(viewOf(txns), txns.slice(0, 2), '100.00')).toThrow(
      /never pushable/,
    )
  })

  it('rejects lines out of calendar-day order', () => {
    const [a, b, c] = txns as [BankTransaction, BankTransaction, BankTransaction]
    expect(() => expectQboHoldsExactlyOnce(viewOf([c, a, b]), txns, '100.00')).toThrow(/calendar-day order/)
  })

  it('rejects a wrong running balance and a changed amount', () => {
    const wrongBalance = viewOf(txns, (l) => {
      if (l[1] !== undefined) l[1].balance = '108.06'
    })
    expect(() => expectQboHoldsExactlyOnce(wrongBalance, txns, '100.00')).toThrow(/running balance at b/)
    const wrongAmount = viewOf(txns, (l) => {
      if (l[2] !== undefined) l[2].amount = '0.96'
    })
    expect(() => expectQboHoldsExactlyOnce(wrongAmount, txns, '100.00')).toThrow(/amount of c/)
  })

  it('rejects missing test lines', () => {
    const view = viewOf(txns)
    view.lines = view.lines.slice(2)
    expect(() => expectQboHoldsExactlyOnce(view, txns, '100.00')).toThrow()
  })
})
