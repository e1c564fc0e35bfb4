import { describe, expect, it } from 'vitest'
import { sharedConformance } from '../../conformance/assert-conforms.js'
import { Harness } from '../../testing/harness.js'
import { type Shape, SOURCE_ACCOUNT_FIELDS } from './schema.js'

const v1 = (id: string) => ({
  id,
  accountName: `Account ${id}`,
  accountType: 'Debit',
  accountNumber: '1234',
  currency: 'USD',
  balance: 10.5,
})
/** A v2 prototype without `routingInfo` (optional in the document) and without `accountInfo`. */
const bareV2 = (id: string) => ({
  id,
  accountName: `Account ${id}`,
  accountType: 'savings',
  accountNumber: '99',
  currency: 'USD',
  balance: 1,
})
const withRouting = (id: string) => ({ ...bareV2(id), routingInfo: { bankCode: '026009593', type: 'aba' } })

/** Every `"<name>":null` in a JSON text, for the properties the document does not declare nullable. */
function nulls(body: unknown, names: string[]): string[] {
  const text = JSON.stringify(body)
  return names.filter((n) => text.includes(`"${n}":null`))
}

describe('an optional property without a value is absent, not null (where the document does not say nullable)', () => {
  it('v1 pending accounts: create, batch, list, PATCH and the mapping carry no feedStartDate', async () => {
    const h = new Harness()
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    const answers = [
      await h.call('POST', url, v1('p-1')),
      await h.call('POST', `${url}/batch`, [v1('p-2')]),
      await h.call('GET', url),
      await h.call('PATCH', `${url}/p-1`, { accountName: 'Renamed' }),
      await h.call('GET', `${s.base}/bankFeedAccounts/mapping`),
      await h.call('PUT', url, [v1('p-3')]),
    ]
    for (const a of answers) {
      expect(a.status).toBeLessThan(300)
      expect(nulls(a.body, ['feedStartDate', 'modifiedDate', 'currency', 'routingInfo'])).toEqual([])
    }
    expect(answers[0]?.body).not.toHaveProperty('feedStartDate')
    expect(answers[4]?.body[0]).not.toHaveProperty('feedStartDate')
  })

  it('a connected account carries its feedStartDate (v1 date-time, mapping date-time)', async () => {
    const h = new Harness()
    const s = await h.setup({ feedStartDate: '2026-03-05' })
    const listed = (await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body
    expect(listed[0].feedStartDate).toBe('2026-03-05T00:00:00')
    const mapping = (await h.call('GET', `${s.base}/bankFeedAccounts/mapping`)).body
    expect(mapping[0].feedStartDate).toBe('2026-03-05T00:00:00')
  })

  it('v2 and auto: a v2 account created without routingInfo renders no routingInfo (never null)', async () => {
    for (const mode of ['v2', 'auto'] as const) {
      const h = new Harness({ sourceAccountSchema: mode })
      const s = await h.setup({ link: false, accountId: 'first' })
      const url = `${s.base}/connectionInfo/bankFeedAccounts`
      const created = await h.call('POST', url, bareV2('r-1'))
      expect(created.status, mode).toBe(200)
      expect(created.body).not.toHaveProperty('routingInfo')
      expect(created.body.accountInfo).toBeNull() // declared nullable (`type: object, nullable: true`)
      const batch = await h.call('POST', `${url}/batch`, [bareV2('r-2')])
      expect(batch.body[0].result.account).not.toHaveProperty('routingInfo')
      const listed = (await h.call('GET', url)).body
      expect(nulls(listed, ['routingInfo', 'modifiedDate', 'currency']), mode).toEqual([])
    }
  })

  it("the field table's nullability is exactly the document's (SourceAccount, SourceAccountV2)", () => {
    const c = sharedConformance()
    if (!c) return
    const shapes: Record<Shape, string> = { v1: 'SourceAccount', v2: 'SourceAccountV2' }
    for (const shape of ['v1', 'v2'] as const) {
      for (const f of SOURCE_ACCOUNT_FIELDS.filter((x) => x.shapes.includes(shape))) {
        const errors = c.current.check(`#/components/schemas/${shapes[shape]}/properties/${f.name}`, null)
        expect(errors.length === 0, `${shape} ${f.name} null accepted by the document`).toBe(
          f.nullable.includes(shape),
        )
      }
    }
  })
})

describe('one schema version per list', () => {
  const keysOf = (items: Record<string, unknown>[]) => items.map((a) => Object.keys(a).sort().join(','))

  it('auto: a connection holding v1 and v2 accounts lists every account as v1; only-v2 lists as v2', async () => {
    const h = new Harness({ sourceAccountSchema: 'auto' })
    const s = await h.setup({ feedStartDate: '2026-03-04' }) // acc-1 is v1, connected
    const url = `${s.base}/connectionInfo/bankFeedAccounts`
    expect((await h.call('POST', url, withRouting('v2-1'))).body.routingInfo).toBeDefined()
    const mixed = (await h.call('GET', url)).body
    expect(mixed.map((a: { id: string }) => a.id)).toEqual(['acc-1', 'v2-1'])
    for (const a of mixed) {
      expect(a).not.toHaveProperty('routingInfo')
      expect(a).not.toHaveProperty('accountInfo')
    }
    expect(mixed[0].feedStartDate).toBe('2026-03-04T00:00:00')
    expect((await h.call('PUT', url, [v1('acc-1'), v1('v2-1')])).body.map(Object.keys)).toEqual(
      (await h.call('GET', url)).body.map(Object.keys),
    )

    const only = new Harness({ sourceAccountSchema: 'auto' })
    const t = await only.setup({ link: false, accountId: 'gone' })
    await only.call('DELETE', `${t.base}/connectionInfo/bankFeedAccounts/gone`)
    const u = `${t.base}/connectionInfo/bankFeedAccounts`
    await only.call('POST', `${u}/batch`, [withRouting('a'), bareV2('b')])
    const v2s = (await only.call('GET', u)).body
    expect(v2s.every((a: Record<string, unknown>) => 'accountInfo' in a)).toBe(true)
    expect(v2s[0].routingInfo).toEqual({ bankCode: '026009593', type: 'aba' })
  })

  it('auto: a batch is read and answered in one version: v2 when every item is v2, else v1', async () => {
    const h = new Harness({ sourceAccountSchema: 'auto' })
    const s = await h.setup({ link: false })
    const url = `${s.base}/connectionInfo/bankFeedAccounts/batch`
    const mixed = await h.call('POST', url, [v1('m-1'), v1('m-2'), withRouting('m-3')])
    expect(mixed.status).toBe(207)
    expect(mixed.body.map((r: { result: { statusCode: unknown } }) => r.result.statusCode)).toEqual([
      200,
      200,
      '400',
    ])
    expect(mixed.body[2].result.error).toMatch(/Unknown property routingInfo on source account \(v1\)/)
    const accounts = mixed.body
      .slice(0, 2)
      .map((r: { result: { account: Record<string, unknown> } }) => r.result.account)
    expect(new Set(keysOf(accounts)).size).toBe(1)
    const v2s = await h.call('POST', url, [withRouting('w-1'), withRouting('w-2')])
    expect(v2s.status).toBe(201)
    for (const r of v2s.body)
      expect(r.result.account.routingInfo).toEqual({ bankCode: '026009593', type: 'aba' })
  })

  it('v1: every list is v1', async () => {
    const h = new Harness()
    const s = await h.setup()
    const listed = (await h.call('GET', `${s.base}/connectionInfo/bankFeedAccounts`)).body
    expect(listed[0]).not.toHaveProperty('accountInfo')
  })
})
