/**
 * `pnpm start`: for a newcomer, the Codat + QBO simulator and the feedsync server wired to it, with
 * the embedded database (PGlite) under ./.data. Prints the web app's URL with a demo API key to sign
 * in with, then the API docs and the simulator's QBO pages; Ctrl-C stops both. The web app's session
 * key and portal secret are generated once and kept in ./.data/web-secrets.json (mode 600), so a
 * restarted demo keeps its sessions and links. The server's `/webhooks/codat` is registered with the
 * simulator through Codat's `POST /webhooks` (an endpoint already there for that URL is kept), its
 * signing secret read from `/_sim/webhooks/{id}/secret` (the Portal's stand-in) and handed to the
 * server as CODAT_WEBHOOK_SECRET, so the demo runs on webhooks (a simulator without webhooks: the
 * server polls, as before). The server runs as its bundle (`apps/server/dist/main.js`, built first, as `pnpm server`
 * does) under plain node; the simulator runs its TypeScript through tsx.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const serverBundle = join(root, 'apps', 'server', 'dist', 'main.js')
const DEMO_CODAT_KEY = process.env.CODAT_API_KEY ?? 'demo-codat-key'
const DEMO_API_KEY = process.env.FEEDSYNC_DEMO_API_KEY ?? 'demo-api-key-0123456789'
const SIM_PORT = process.env.SIMULATOR_PORT?.trim() || '4010'
let PORT = process.env.PORT?.trim() || '3000'

/** Event types the engine acts on (PLATFORMS §4.1). */
const WEBHOOK_EVENTS = [
  'bankTransactions.write.successful',
  'bankTransactions.write.unsuccessful',
  'bankFeeds.sourceAccount.connected',
  'bankFeeds.sourceAccount.disconnected',
  'connection.connected',
  'connection.disconnected',
  'connection.reconnected',
  'connection.deleted',
]

const children: ChildProcess[] = []
let stopping = false

function stopAll(code: number): void {
  if (stopping) return
  stopping = true
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    process.exit(code)
  }, 10_000)
  force.unref()
  void Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  ).then(() => process.exit(code))
}

/** The web app's secrets: read from `<dataDir>/web-secrets.json`, or generated and written there once. */
function webSecrets(dataDir: string): { sessionKey: string; portalSecret: string } {
  const file = join(dataDir, 'web-secrets.json')
  if (existsSync(file)) {
    const kept: unknown = JSON.parse(readFileSync(file, 'utf8'))
    if (typeof kept === 'object' && kept !== null && 'sessionKey' in kept && 'portalSecret' in kept) {
      const { sessionKey, portalSecret } = kept
      if (typeof sessionKey === 'string' && typeof portalSecret === 'string')
        return { sessionKey, portalSecret }
    }
  }
  const fresh = {
    sessionKey: randomBytes(32).toString('base64'),
    portalSecret: randomBytes(32).toString('base64url'),
  }
  writeFileSync(file, `${JSON.stringify(fresh)}\n`, { mode: 0o600 })
  return fresh
}

/** The variables of a second `pnpm start` beside this one (the next ports). */
function otherPorts(): string {
  return `PORT=${(Number(PORT) || 3000) + 1} SIMULATOR_PORT=${(Number(SIM_PORT) || 4010) + 1}`
}

/**
 * Refuses a port that is taken before anything starts, with one line naming the port and the
 * variable that moves it (a second `pnpm start` would otherwise die on EADDRINUSE deep in a child).
 */
function ensurePortFree(port: string, variable: string, what: string): Promise<void> {
  const n = Number(port)
  if (!/^\d+$/.test(port) || n > 65535) {
    return Promise.reject(new Error(`${variable} must be a port number (0-65535), got "${port}"`))
  }
  if (n === 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') reject(error)
      else {
        const other = variable === 'PORT' ? 'SIMULATOR_PORT' : 'PORT'
        reject(
          new Error(
            `port ${port} (${what}) is ${error.code === 'EACCES' ? 'not allowed' : 'already in use, by another pnpm start perhaps'}: ` +
              `set ${variable} to a free port (and ${other} too if it is taken), e.g. ${otherPorts()} pnpm start`,
          ),
        )
      }
    })
    probe.listen(n, '127.0.0.1', () => probe.close(() => resolve()))
  })
}

/**
 * The data directory: `FEEDSYNC_DATA_DIR`, else `./.data` on the default port and `./.data/port-<PORT>`
 * on any other, so a second `pnpm start` on other ports has its own database and simulator state
 * (PGlite is one process's database: two processes must never open the same directory).
 */
function dataDirectory(): string {
  const chosen = process.env.FEEDSYNC_DATA_DIR?.trim()
  if (chosen) return chosen
  return PORT === '3000' ? join(root, '.data') : join(root, '.data', `port-${PORT}`)
}

/**
 * Holds `<dataDir>/pnpm-start.pid` while running; refuses (naming FEEDSYNC_DATA_DIR) when a live
 * process already holds it. A pid file left by a killed run is taken over.
 */
function lockDataDir(dataDir: string): void {
  const file = join(dataDir, 'pnpm-start.pid')
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim())
    let alive = false
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0)
        alive = true
      } catch (error) {
        alive = (error as NodeJS.ErrnoException).code === 'EPERM'
      }
    }
    if (alive) {
      throw new Error(
        `the data directory ${relative(process.cwd(), dataDir) || '.'} is in use by another pnpm start (pid ${pid}); ` +
          "its embedded database is one process's: set FEEDSYNC_DATA_DIR to another directory " +
          '(or PORT to another port, which gets .data/port-<PORT>)',
      )
    }
  }
  writeFileSync(file, `${process.pid}\n`)
  process.on('exit', () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file)
    } catch {
      // already gone
    }
  })
}

/** A free port on 127.0.0.1 (the webhook URL must name the server's port before it starts). */
function freePort(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(String(port)))
    })
  })
}

/**
 * Subscribes `url` to the simulator's webhooks through Codat's real API (`GET`/`POST /webhooks`,
 * reusing an endpoint of that URL) and reads its secret (`GET /_sim/webhooks/{id}/secret`).
 * `undefined` (with a note) when the simulator has no webhooks: the server then polls.
 */
async function webhookSecret(simUrl: string, url: string): Promise<string | undefined> {
  const headers = {
    authorization: `Basic ${Buffer.from(DEMO_CODAT_KEY).toString('base64')}`,
    'content-type': 'application/json',
  }
  try {
    const list = await fetch(`${simUrl}/webhooks`, { headers })
    const known = list.ok ? ((await list.json()) as { results?: { id: string; url: string }[] }) : {}
    let id = known.results?.find((w) => w.url === url)?.id
    if (id === undefined) {
      const created = await fetch(`${simUrl}/webhooks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url, eventTypes: WEBHOOK_EVENTS }),
      })
      if (created.status !== 201) throw new Error(`POST /webhooks answered ${created.status}`)
      id = ((await created.json()) as { id: string }).id
    }
    const secret = await fetch(`${simUrl}/_sim/webhooks/${encodeURIComponent(id)}/secret`, { headers })
    if (!secret.ok) throw new Error(`GET /_sim/webhooks/{id}/secret answered ${secret.status}`)
    return ((await secret.json()) as { secret: string }).secret
  } catch (error) {
    process.stderr.write(
      `pnpm start: no webhooks from the simulator (${error instanceof Error ? error.message : String(error)}); the server polls\n`,
    )
    return undefined
  }
}

/** Builds the server bundle (quietly: its output is shown only if the build fails). */
function buildServer(): void {
  const build = spawnSync(process.execPath, ['--import', 'tsx', join('apps', 'server', 'build.ts')], {
    cwd: root,
    encoding: 'utf8',
  })
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`)
    throw new Error(`building the server failed (${build.error?.message ?? `exit code ${build.status}`})`)
  }
}

/** Starts `command args` as a child and resolves with the first stdout match of `ready`. */
function start(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<string> {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let found = false
    let buffer = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      if (!found) {
        buffer += text
        const m = ready.exec(buffer)
        if (m !== null) {
          found = true
          resolve(m[1] ?? '')
        }
      }
      process.stdout.write(
        text
          .split('\n')
          .map((l) => (l === '' ? l : `[${name}] ${l}`))
          .join('\n'),
      )
    })
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString('utf8')}`))
    child.once('exit', (code) => {
      if (!found) reject(new Error(`${name} exited (code ${code}) before it was ready`))
      else if (!stopping) {
        process.stderr.write(`${name} stopped (code ${code}); stopping the rest\n`)
        stopAll(1)
      }
    })
  })
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0))
  process.on('SIGTERM', () => stopAll(0))
  await ensurePortFree(PORT, 'PORT', "the server's port")
  await ensurePortFree(SIM_PORT, 'SIMULATOR_PORT', "the simulator's port")
  const dataDir = dataDirectory()
  mkdirSync(dataDir, { recursive: true })
  lockDataDir(dataDir)
  // The simulator keeps its state beside the server's database, so that both sides remember the same
  // companies across restarts (a fresh simulator would mint ids the server's database already holds).
  const simState = join(dataDir, 'simulator-state.json')
  const secrets = webSecrets(dataDir)
  buildServer()
  const simUrl = await start(
    'simulator',
    tsx,
    [
      'simulator/src/cli.ts',
      '--port',
      SIM_PORT,
      '--api-key',
      DEMO_CODAT_KEY,
      '--seed',
      '1',
      '--state-file',
      simState,
      // feedsync is a new Codat integration, so a v2 client (BEHAVIOUR §6.1): the engine sends v2
      // account types (`checking`), which Xero folds to BANK; a v1 client would refuse them at mapping.
      '--source-account-schema',
      'v2',
    ],
    {},
    /simulator listening on (http:\/\/\S+)/,
  )
  if (PORT === '0') PORT = await freePort() // the webhook URL names the server's port
  const hookUrl = `http://127.0.0.1:${PORT}/webhooks/codat`
  const hookSecret = process.env.CODAT_WEBHOOK_SECRET ?? (await webhookSecret(simUrl, hookUrl))
  const serverUrl = await start(
    'server',
    process.execPath,
    ['--enable-source-maps', serverBundle],
    {
      CODAT_BASE_URL: simUrl,
      CODAT_API_KEY: DEMO_CODAT_KEY,
      FEEDSYNC_API_KEYS: DEMO_API_KEY,
      FEEDSYNC_CLOCK: 'simulator',
      FEEDSYNC_DATA_DIR: dataDir,
      FEEDSYNC_SESSION_KEY: process.env.FEEDSYNC_SESSION_KEY ?? secrets.sessionKey,
      FEEDSYNC_PORTAL_SECRET: process.env.FEEDSYNC_PORTAL_SECRET ?? secrets.portalSecret,
      FEEDSYNC_BANK_NAME: process.env.FEEDSYNC_BANK_NAME ?? 'Demo Bank',
      FEEDSYNC_SYNC_INTERVAL_MS: process.env.FEEDSYNC_SYNC_INTERVAL_MS ?? '10000',
      PORT,
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: '',
      CODAT_WEBHOOK_SECRET: hookSecret ?? '',
    },
    /feedsync server listening on (http:\/\/\S+)/,
  )
  const sim = `${simUrl}/_sim/pages`
  const webhooks =
    hookSecret === undefined ? 'off (the server polls)' : `on: the simulator posts to ${hookUrl}`
  // Every URL below opens in a browser as it is (no placeholder, no key needed); the Codat API, which
  // answers 401 without its key, is named by its port only.
  process.stdout.write(
    [
      '',
      'feedsync is running (Ctrl-C stops both).',
      '',
      `  Web app:    ${serverUrl}/app`,
      `              sign in with the demo API key: ${DEMO_API_KEY}`,
      "              then Connect account to QuickBooks, and follow the pages (README: 'Try the tutorial flow')",
      '              Xero or Sage: pick it as the accounting software in the Connect form, or over the API:',
      `              curl -s -X POST ${serverUrl}/v1/companies -H 'authorization: Bearer ${DEMO_API_KEY}' -H 'content-type: application/json' \\`,
      `                -d '{"name":"Xero bakery","platform":"xero","accounts":[{"id":"chk","accountName":"Checking","accountType":"checking","accountNumber":"1","sortCode":"400000","currency":"GBP","balance":"100.00"}]}'`,
      `              (or "platform":"sage"), then POST ${serverUrl}/v1/companies/<companyId>/link: Xero a fresh linkUrl, Sage the connection id + one-time password`,
      `  API docs:   ${serverUrl}/docs   (Authorize with the demo key; OpenAPI at ${serverUrl}/openapi.json)`,
      `  Simulated QuickBooks: ${sim}`,
      '              every company with its QBO link page (the app\'s "Open the QuickBooks link page") and QBO view page',
      '',
      `  Not a page: the simulated Codat API (the server's CODAT_BASE_URL) on port ${new URL(simUrl).port}, key ${DEMO_CODAT_KEY} (HTTP Basic)`,
      `  Webhooks:   ${webhooks}`,
      `  Data: ${relative(process.cwd(), dataDir) || '.'}   Another one beside it: ${otherPorts()} pnpm start`,
      '',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`pnpm start: ${error instanceof Error ? error.message : String(error)}\n`)
  stopAll(1)
})
