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
})
