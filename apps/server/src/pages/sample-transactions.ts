// Test and preview support: generated transactions and push operations.
import type { OperationRow, SyncStatus, TransactionRow } from './ports.js'

/** Minor units as a decimal string. */
export const cents = (v: bigint): string => {
  const neg = v < 0n
  const s = (neg ? -v : v).toString().padStart(3, '0')
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`
}

/** A day relative to Nov 25, 2026. */
export const day = (offset: number): string =>
  new Date(Date.UTC(2026, 10, 25 + offset)).toISOString().slice(0, 10)

const DESCRIPTIONS = [
  'Flour Mill Co',
  'Card sales 2291',
  'ACH PAYROLL',
  'Electric & Gas',
  'Coffee beans — Roastery',
  'Rent Nov',
  'Stripe payout',
  'Ovens repair',
]

/** `n` generated transactions with running balances from `opening` (minor units). */
export function sampleTransactions(n: number, opening: bigint): { rows: TransactionRow[]; balance: bigint } {
  let seed = 7
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  }
  const rows: TransactionRow[] = []
  let balance = opening
  for (let i = 0; i < n; i++) {
    const amount = BigInt((next() % 90000) - 40000)
    balance += amount
    const age = Math.floor(((n - i) * 20) / n)
    const status: SyncStatus = age > 4 ? 'pushed' : age > 3 ? 'in_flight' : i % 7 === 0 ? 'held' : 'ready'
    const reason =
      status === 'held'
        ? { code: 'day_not_over', message: 'Sent once the day is over in the account’s time zone.' }
        : null
    rows.push({
      id: `txn-${i + 1}`,
      date: day(-age),
      description: DESCRIPTIONS[i % DESCRIPTIONS.length] ?? 'Card purchase',
      amount: cents(amount),
      balance: cents(balance),
      status: 'cleared',
      sync: { status, reason },
    })
  }
  rows.push(
    {
      id: 'late-1',
      date: day(-26),
      description: 'Late posting: deposit',
      amount: '826.80',
      balance: null,
      status: 'cleared',
      sync: {
        status: 'quarantined',
        reason: {
          code: 'older_than_destination',
          message: 'Dated Oct 30, older than Nov 4, the newest line QuickBooks already holds.',
        },
      },
    },
    {
      id: 'pend-1',
      date: day(0),
      description: 'Pending card hold <b>not bold</b>',
      amount: '-12.00',
      balance: null,
      status: 'pending',
      sync: { status: 'held', reason: { code: 'pending', message: 'Not yet cleared by the bank.' } },
    },
  )
  return { rows, balance }
}

/** Push operations in every outcome. */
export function sampleOperations(): OperationRow[] {
  return [
    {
      accountId: 'chk',
      batchId: 'b-3',
      pushOperationKey: '7d1f0c2a-9f0e-4a57-8c11-3b2f6c0e9a41',
      status: 'submitted',
      lines: 18,
      plannedAt: '2026-11-25T08:00:00.000Z',
      completedAt: null,
      message: null,
      rejections: [],
    },
    {
      accountId: 'chk',
      batchId: 'b-2',
      pushOperationKey: '1c6e7a10-2b9d-4f3e-9a8c-5d4e3f2a1b0c',
      status: 'failed',
      lines: 3,
      plannedAt: '2026-11-24T08:00:00.000Z',
      completedAt: '2026-11-24T08:00:09.000Z',
      message: 'One line was refused by QuickBooks.',
      rejections: [
        {
          transactionId: 'txn-40',
          message: 'Q4: the transaction is older than the newest one QuickBooks holds.',
        },
      ],
    },
    {
      accountId: 'chk',
      batchId: 'b-1',
      pushOperationKey: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      status: 'succeeded',
      lines: 96,
      plannedAt: '2026-11-20T08:00:00.000Z',
      completedAt: '2026-11-20T08:00:04.000Z',
      message: null,
      rejections: [],
    },
    {
      accountId: 'sav',
      batchId: 'b-s1',
      pushOperationKey: null,
      status: 'timed_out',
      lines: 2,
      plannedAt: '2026-11-23T08:00:00.000Z',
      completedAt: null,
      message: 'Codat did not answer in time; checked again on the next cycle.',
      rejections: [],
    },
  ]
}
