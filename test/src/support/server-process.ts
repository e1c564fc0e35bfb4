import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bearer, fetchCaller, type HttpCaller } from './api-client.js'
import { CODAT_KEY, OTHER_TENANT_KEY, TENANT_KEY } from './keys.js'

/** The repository root (this file is test/src/support/server-process.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The server's TypeScript entry point (`entry: 'source'`, run through tsx). */
export const SERVER_MAIN = resolve(REPO_ROOT, 'apps/server/src/main.ts')

/** The server's bundle (`entry: 'bundle'`), started the way `pnpm server` does: plain node. */
export const SERVER_BUNDLE = resolve(REPO_ROOT, 'apps/server/dist/main.js')

/**
 * Builds the server bundle, {@link SERVER_BUNDLE}, as `pnpm --filter @feedsync/server build` does
 * (`apps/server/build.ts`, in a child process), and resolves once it is written. Under a second.
 */
export function buildServerBundle(): Promise<void> {
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', resolve(REPO_ROOT, 'apps/server/build.ts')],
      { cwd: REPO_ROOT },
      (error, stdout, stderr) => {
        if (error === null) res()
        else rej(new Error(`building the server bundle failed: ${error.message}\n${stdout}${stderr}`))
      },
    )
  })
}

/** A server child process: `node --import tsx apps/server/src/main.ts` or `node apps/server/dist/main.js`. */
export interface ServerProcess {
  readonly pid: number
  readonly url: string
  /** The API as tenant A. */
  readonly api: HttpCaller
  /** Every line the process wrote (stdout and stderr), for diagnostics and secret checks. */
  readonly output: string[]
  /** Resolves with the exit code or signal when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGKILL: no shutdown hooks, no flush (a crash). */
  crash(): Promise<void>
  /** SIGTERM and wait (graceful). */
  stop(): Promise<void>
  /** Wall milliseconds from spawn to `/readyz` answering 200. */
  readonly startMs: number
}

const line = /feedsync server listening on (http:\/\/\S+)/

/**
 * Spawns the server with `FEEDSYNC_CLOCK=simulator` against `codatBaseUrl`, on a port the system
 * picks, and resolves once `/readyz` answers 200 (the "listening" line gives the URL; then `/readyz`
 * is polled, never a fixed sleep).
 *
 * `entry: 'source'` (the default) runs the TypeScript sources through tsx (`node --import tsx
 * apps/server/src/main.ts`), so a test sees the code as it is without a build. `entry: 'bundle'` runs
 * `node --enable-source-maps apps/server/dist/main.js`, the server as `pnpm server` starts it; the
 * bundle must exist and be current: call {@link buildServerBundle} first.
 */
export async function spawnServer(options: {
  codatBaseUrl: string
  /** Database and other settings (`DATABASE_URL` or `FEEDSYNC_DATA_DIR`, `FEEDSYNC_*`). */
  env: Record<string, string>
  readyTimeoutMs?: number
  /** Extra node flags, e.g. `--max-old-space-size`. */
  nodeArgs?: string[]
  /** What to run: the TypeScript sources through tsx (default) or the built bundle. */
  entry?: 'source' | 'bundle'
}): Promise<ServerProcess> {
  const entry = options.entry ?? 'source'
  const entryArgs =
    entry === 'bundle' ? ['--enable-source-maps', SERVER_BUNDLE] : ['--import', 'tsx', SERVER_MAIN]
  const entryFile = entry === 'bundle' ? SERVER_BUNDLE : SERVER_MAIN
  if (!existsSync(entryFile))
    throw new Error(
      entry === 'bundle'
        ? `the server bundle is missing: ${entryFile} (call buildServerBundle() first)`
        : `the server entry point is missing: ${entryFile}`,
    )
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'DATABASE_URL' || k.startsWith('FEEDSYNC_') || k.startsWith('VITEST'))
      continue
    env[k] = v
  }
  Object.assign(env, {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    CODAT_BASE_URL: options.codatBaseUrl,
    CODAT_API_KEY: CODAT_KEY,
    FEEDSYNC_API_KEYS: `${TENANT_KEY},${OTHER_TENANT_KEY}`,
    FEEDSYNC_CLOCK: 'simulator',
    LOG_LEVEL: 'info',
    ...options.env,
  })
  const started = Date.now()
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entryArgs], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const pid = child.pid
  if (pid === undefined) throw new Error('the server process did not start')
  const output: string[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.once('exit', (code, signal) => res({ code, signal }))
  })
  let onUrl: (url: string) => void = () => {}
  const urlSeen = new Promise<string>((res) => {
    onUrl = res
  })
  const collect = (chunk: Buffer, carry: { rest: string }) => {
    const text = carry.rest + chunk.toString('utf8')
    const parts = text.split('\n')
    carry.rest = parts.pop() ?? ''
    for (const p of parts) {
      output.push(p)
      const m = line.exec(p)
      if (m?.[1] !== undefined) onUrl(m[1])
    }
  }
  const outCarry = { rest: '' }
  const errCarry = { rest: '' }
  child.stdout?.on('data', (c: Buffer) => collect(c, outCarry))
  child.stderr?.on('data', (c: Buffer) => collect(c, errCarry))

  const timeoutMs = options.readyTimeoutMs ?? 60_000
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_res, rej) => {
    timer = setTimeout(() => rej(new Error(`server not listening within ${timeoutMs} ms`)), timeoutMs)
  })
  const died = exited.then(({ code, signal }) => {
    throw new Error(
      `server exited before it was ready (code ${code}, signal ${signal}):\n${output.join('\n')}`,
    )
  })
  try {
    const url = await Promise.race([urlSeen, deadline, died])
    await Promise.race([waitReady(url, started + timeoutMs), deadline, died])
    const startMs = Date.now() - started
    return {
      pid,
      url,
      api: fetchCaller(url, bearer(TENANT_KEY)),
      output,
      exited,
      startMs,
      async crash() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
        await exited
      },
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
        const force = setTimeout(() => child.kill('SIGKILL'), 20_000)
        await exited
        clearTimeout(force)
      },
    }
  } catch (error) {
    child.kill('SIGKILL')
    await exited
    throw error
  } finally {
    clearTimeout(timer)
    died.catch(() => {})
  }
}

/** Polls `GET /readyz` until it answers 200. */
async function waitReady(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return
    } catch {
      // not accepting connections yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/readyz did not answer 200 in time`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
