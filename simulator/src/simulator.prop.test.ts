import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from './kernel/dates.js'
import { createSimulator, type Simulator } from './simulator.js'
import {
  type BadKind,
  type Command,
  centsText,
  type GenLine,
  genBadKind,
  genCommand,
  genHistory,
} from './testing/arbitraries.js'

const KEY = 'prop-key'
const TODAY = '2026-03-10'
const NOW = `${TODAY}T12:00:00Z`

function linkedSimulator(seed = 1) {
  const sim = createSimulator({ apiKeys: [KEY], seed, now: NOW, clock: 'frozen', pushLatencyMs: 0 })
  const companyId = sim.api.createCompany({ apiKey: KEY, body: { name: 'P' } }).body as { id: string }
  const params = { companyId: companyId.id } as Record<string, string>
  const conn = sim.api.createConnection({ apiKey: KEY, params, body: { platformKey: 'hcws' } }).body as {
    id: string
  }
  params.connectionId = conn.id
  sim.api.createSourceAccount({ apiKey: KEY, params, body: { id: 'acc', currency: 'USD', balance: 0 } })
  const cred = sim.api.generateCredentials({ apiKey: KEY, params }).body as {
    username: string
    password: string
  }
  const link = sim.control.qboLink({
    companyId: params.companyId,
    connectionId: conn.id,
    ...cred,
    accounts: [{ sourceAccountId: 'acc', qboAccountName: 'Feed' }],
    feedStartDate: addDays(TODAY, -7),
  })
  expect(link.status).toBe(200)
  return { sim, params: { ...params, accountId: 'acc' } as Record<string, string> }
}

let seq = 0
function toWire(l: GenLine, balanceCents: number) {
  seq += 1
  const day = addDays(TODAY, -l.dayOffset)
  return {
    id: `p-${seq}`,
    date: l.time ? `${day}T${l.time}` : day,
    description: `line ${seq}`,
    amount: l.cents / 100,
    balance: balanceCents / 100,
    ...(l.type ? { transactionType: l.type } : {}),
  }
}

function push(
  sim: Simulator,
  params: Record<string, string>,
  transactions: unknown[],
  accountId = params.accountId,
) {
  return sim.api.createBankTransactions({ apiKey: KEY, params, body: { accountId, transactions } })
}

function view(sim: Simulator, params: Record<string, string>) {
  const v = sim.control.qboAccounts(params.companyId as string, params.connectionId as string).body as {
    accounts: { balance: string | null; lines: { id: string; isTest: boolean; amount: string }[] }[]
  }
  return v.accounts[0] as NonNullable<(typeof v.accounts)[0]>
}

describe('simulator properties', () => {
  it('any sequence of valid writes yields, after QBO pulls, a QBO view equal to the test lines then those lines in order', () => {
    fc.assert(
      fc.property(genHistory, ({ batches, pullAfter }) => {
        const { sim, params } = linkedSimulator()
        const sent: { id: string; amount: string }[] = []
        let balance = 0
        batches.forEach((batch, i) => {
          const wire = batch.map((l) => {
            balance += l.cents
            return toWire(l, balance)
          })
          const res = push(sim, params, wire)
          expect(res.status).toBe(200)
          expect((res.body as { status: string }).status).toBe('Success')
          sent.push(...wire.map((w, j) => ({ id: w.id, amount: centsText((batch[j] as GenLine).cents) })))
          if (pullAfter[i])
            sim.control.qboUpdate({ companyId: params.companyId, connectionId: params.connectionId })
        })
        sim.control.qboUpdate({ companyId: params.companyId, connectionId: params.connectionId })
        const v = view(sim, params)
        expect(v.lines.filter((l) => l.isTest)).toHaveLength(2)
        expect(v.lines.slice(0, 2).every((l) => l.isTest)).toBe(true)
        expect(v.lines.slice(2).map((l) => ({ id: l.id, amount: l.amount }))).toEqual(sent)
        expect(v.balance).toBe(sent.length ? centsText(balance) : null)
      }),
      { numRuns: 200 },
    )
  })

  it('any write that breaks a rule is refused with the right code and leaves the state unchanged', () => {
    fc.assert(
      fc.property(genHistory, genBadKind, ({ batches }, kind: BadKind) => {
        const { sim, params } = linkedSimulator()
        let balance = 0
        for (const batch of batches) {
          push(
            sim,
            params,
            batch.map((l) => {
              balance += l.cents
              return toWire(l, balance)
            }),
          )
        }
        const all = batches.flat()
        const newestOffset = all.length ? Math.min(...all.map((l) => l.dayOffset)) : 7
        const good = (offset: number) =>
          toWire({ dayOffset: offset, cents: 100, type: null, time: null }, 100)
        let lines: Record<string, unknown>[] = [good(newestOffset)]
        let accountId = params.accountId
        let expected: { http: 400 } | { rule: string; itemIndex: number }
        switch (kind) {
          case 'Q3':
            lines = [good(0), good(0), good(0)]
            lines[0] = { ...lines[0], date: `${TODAY}T10:00:00` }
            lines[1] = { ...lines[1], date: `${TODAY}T09:00:00` }
            expected = { rule: 'Q3', itemIndex: 1 }
            break
          case 'Q4':
            if (newestOffset === 7) lines = [good(0), { ...good(0), date: addDays(TODAY, -1) }]
            else lines = [{ ...good(newestOffset + 1) }]
            expected = newestOffset === 7 ? { rule: 'Q3', itemIndex: 1 } : { rule: 'Q4', itemIndex: 0 }
            break
          case 'Q5':
            lines = [good(0), { ...good(0), date: addDays(TODAY, 1) }]
            expected = { rule: 'Q5', itemIndex: 1 }
            break
          case 'Q7':
            lines = [{ ...good(0), date: addDays(TODAY, -8) }]
            expected = all.length ? { rule: 'Q4', itemIndex: 0 } : { rule: 'Q7', itemIndex: 0 }
            break
          case 'Q9-description':
            lines = [{ ...good(newestOffset), description: null }]
            expected = { rule: 'Q9', itemIndex: 0 }
            break
          case 'Q9-type':
            lines = [{ ...good(newestOffset), transactionType: 'Fee' }]
            expected = { rule: 'Q9', itemIndex: 0 }
            break
          case 'http-accountId':
            accountId = 'somebody-else'
            expected = { http: 400 }
            break
          case 'http-amount':
            lines = [{ ...good(newestOffset), amount: 'lots' }]
            expected = { http: 400 }
            break
          case 'http-1001':
            lines = Array.from({ length: 1001 }, () => good(0))
            expected = { http: 400 }
            break
        }
        const before = JSON.stringify((sim.control.exportState().body as { companies: unknown }).companies)
        const res = push(sim, params, lines, accountId)
        if ('http' in expected) {
          expect(res.status).toBe(400)
          expect((res.body as { statusCode: number }).statusCode).toBe(400)
        } else {
          expect(res.status).toBe(200)
          const op = res.body as {
            status: string
            statusCode: number
            validation: { errors: { itemId: string; message: string }[] }
          }
          expect(op.status).toBe('Failed')
          expect(op.statusCode).toBe(400)
          const bad = op.validation.errors.find((e) => e.itemId === lines[expected.itemIndex]?.id)
          expect(bad?.message.startsWith(`${expected.rule}:`)).toBe(true)
        }
        expect(JSON.stringify((sim.control.exportState().body as { companies: unknown }).companies)).toBe(
          before,
        )
      }),
      { numRuns: 200 },
    )
  })

  it('the same seed and the same calls give identical responses', () => {
    const run = (seed: number, commands: Command[]) => {
      const sim = createSimulator({ apiKeys: [KEY], seed, now: NOW, clock: 'frozen' })
      const companies: string[] = []
      const conns: Record<string, string> = {}
      const creds: Record<string, { username: string; password: string }> = {}
      const out: unknown[] = []
      const pick = (i: number) => companies[i % Math.max(1, companies.length)]
      for (const c of commands) {
        const companyId = c.kind === 'company' || c.kind === 'advance' ? undefined : pick(c.company)
        const params = {
          companyId: companyId ?? '',
          connectionId: companyId ? (conns[companyId] ?? 'none') : 'none',
          accountId: 'a',
        }
        let res: { status: number; body?: unknown }
        switch (c.kind) {
          case 'company':
            res = sim.api.createCompany({ apiKey: KEY, body: { name: c.name } })
            if (res.status === 200) companies.push((res.body as { id: string }).id)
            break
          case 'connection':
            res = sim.api.createConnection({ apiKey: KEY, params, body: { platformKey: 'hcws' } })
            if (res.status === 200 && companyId) conns[companyId] = (res.body as { id: string }).id
            break
          case 'account':
            res = sim.api.createSourceAccount({
              apiKey: KEY,
              params,
              body: { id: c.id, currency: 'USD', balance: 1 },
            })
            break
          case 'credentials':
            res = sim.api.generateCredentials({ apiKey: KEY, params })
            if (res.status === 200 && companyId)
              creds[companyId] = res.body as { username: string; password: string }
            break
          case 'link':
            res = sim.control.qboLink({
              ...params,
              ...(companyId ? creds[companyId] : {}),
              accounts: [{ sourceAccountId: 'a', qboAccountName: 'F' }],
              feedStartDate: addDays(TODAY, -3),
            })
            break
          case 'push':
            res = push(
              sim,
              params,
              c.lines.map((l) => toWire(l, 1)),
            )
            break
          case 'advance':
            res = sim.control.setClock({ advance: `PT${c.minutes}M` })
            break
          case 'list':
            res = sim.api.listCreateOperations({ apiKey: KEY, params })
            break
          case 'pull':
            res = sim.control.qboUpdate(params)
            break
        }
        out.push([res.status, res.body])
      }
      out.push(sim.control.exportState().body)
      return JSON.stringify(out)
    }
    fc.assert(
      fc.property(fc.array(genCommand, { maxLength: 30 }), fc.integer(), (commands, seed) => {
        seq = 0
        const a = run(seed, commands)
        seq = 0
        expect(run(seed, commands)).toBe(a)
      }),
      { numRuns: 200 },
    )
  })
})
