import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const cli = join(here, 'cli.ts')

function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: join(here, '..', '..') })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^simulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)
      if (m?.[1]) resolve({ child, url: m[1] })
    })
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)))
  })
}

describe('pnpm simulator (cli)', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
  })

  it('prints the listening line, serves Codat requests, and saves its state on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'))
    const stateFile = join(dir, 'state.json')
    const started = await start([
      '--port',
      '0',
      '--api-key',
      'cli-key',
      '--seed',
      '5',
      '--now',
      '2026-03-10T12:00:00Z',
      '--state-file',
      stateFile,
    ])
    child = started.child
    const auth = `Basic ${Buffer.from('cli-key').toString('base64')}`
    const res = await fetch(`${started.url}/companies`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'From CLI' }),
    })
    expect(res.status).toBe(200)
    const exited = new Promise<number | null>((resolve) => started.child.on('exit', (code) => resolve(code)))
    started.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(existsSync(stateFile)).toBe(true)
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      companies: Record<string, { name: string }>
    }
    expect(Object.values(state.companies).map((c) => c.name)).toEqual(['From CLI'])
    expect(readFileSync(stateFile, 'utf8')).not.toContain('cli-key')
  })

  it('without --link-base-url, a connection linkUrl opens the simulator own QBO link page; the flag overrides it', async () => {
    const auth = {
      authorization: `Basic ${Buffer.from('k').toString('base64')}`,
      'content-type': 'application/json',
    }
    const connect = async (url: string) => {
      const post = (path: string, body: unknown) =>
        fetch(`${url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) }).then(
          (r) => r.json() as Promise<{ id: string; linkUrl: string }>,
        )
      const company = await post('/companies', { name: 'Link' })
      const conn = await post(`/companies/${company.id}/connections`, { platformKey: 'hcws' })
      return { companyId: company.id, connectionId: conn.id, linkUrl: conn.linkUrl }
    }
    const own = await start(['--port', '0', '--api-key', 'k', '--clock', 'frozen'])
    child = own.child
    const c = await connect(own.url)
    expect(c.linkUrl).toMatch(
      new RegExp(
        `^${own.url.replace(/\./g, '\\.')}/companies/${c.companyId}/connections/${c.connectionId}/start\\?otp=\\d{6}$`,
      ),
    )
    const page = await fetch(c.linkUrl)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain(c.connectionId)
    own.child.kill('SIGKILL')

    const flagged = await start([
      '--port',
      '0',
      '--api-key',
      'k',
      '--link-base-url',
      'https://link.example.test/',
    ])
    child = flagged.child
    const d = await connect(flagged.url)
    expect(d.linkUrl).toMatch(
      new RegExp(
        `^https://link\\.example\\.test/companies/${d.companyId}/connections/${d.connectionId}/start\\?otp=\\d{6}$`,
      ),
    )
  })

  it('runs the whole tutorial flow over plain HTTP against the CLI process', async () => {
    const started = await start([
      '--port',
      '0',
      '--api-key',
      'k',
      '--now',
      '2026-03-10T12:00:00Z',
      '--clock',
      'frozen',
    ])
    child = started.child
    const S = started.url
    const codat = {
      authorization: `Basic ${Buffer.from('k').toString('base64')}`,
      'content-type': 'application/json',
    }
    const control = { authorization: 'Bearer k', 'content-type': 'application/json' }
    const call = async (method: string, path: string, body?: unknown, headers = codat) => {
      const res = await fetch(`${S}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : undefined }
    }
    const company = (await call('POST', '/companies', { name: 'Tutorial' })).body
    const conn = (await call('POST', `/companies/${company.id}/connections`, { platformKey: 'hcws' })).body
    const base = `/companies/${company.id}/connections/${conn.id}`
    const account = {
      id: 'chk',
      accountName: 'Checking',
      accountType: 'Debit',
      accountNumber: '1',
      currency: 'USD',
      balance: 0,
    }
    expect((await call('POST', `${base}/connectionInfo/bankFeedAccounts`, account)).status).toBe(200)
    const cred = (await call('POST', `${base}/connectionInfo/bankFeedAccounts/credentials`, {})).body
    const link = await call(
      'POST',
      '/_sim/qbo/link',
      {
        companyId: company.id,
        connectionId: conn.id,
        ...cred,
        accounts: [{ sourceAccountId: 'chk', qboAccountName: 'Feed' }],
        feedStartDate: '2026-03-03',
      },
      control,
    )
    expect(link.status).toBe(200)
    let balance = 0
    const transactions = Array.from({ length: 7 }, (_, i) => {
      balance += 250 - i
      return {
        id: `d${i}`,
        date: `2026-03-0${i + 3}`,
        description: `day ${i}`,
        amount: (250 - i) / 100,
        balance: balance / 100,
      }
    })
    const push = await call('POST', `${base}/push/bankAccounts/chk/bankTransactions`, {
      accountId: 'chk',
      transactions,
    })
    expect(push.body.status).toBe('Pending')
    await call('POST', '/_sim/clock', { advance: 'PT2S' }, control)
    expect(
      (await call('GET', `/companies/${company.id}/push/${push.body.pushOperationKey}`)).body.status,
    ).toBe('Success')
    const view = (
      await call('POST', '/_sim/qbo/update', { companyId: company.id, connectionId: conn.id }, control)
    ).body
    const lines = view.accounts[0].lines as { id: string; isTest: boolean }[]
    expect(lines.map((l) => (l.isTest ? 'test' : l.id))).toEqual([
      'test',
      'test',
      'd0',
      'd1',
      'd2',
      'd3',
      'd4',
      'd5',
      'd6',
    ])
    expect(view.accounts[0].balance).toBe('17.29')
  })
})
