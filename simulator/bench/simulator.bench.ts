/**
 * Simulator benchmark (issue 3, item 10). Run: `pnpm --filter @feedsync/simulator bench`.
 *
 * The servers run in a child process (this file with `serve`), the load generator here, so they do not share
 * an event loop. Over real HTTP on loopback with keep-alive connections, interleaved rounds of:
 *   bare Fastify route returning a company-sized JSON (the baseline), get-company, and a 1000-line push
 *   (rules checked, lines stored inside the request: pushLatencyMs 0);
 * then serial 1000-line pushes for latency, then (another child, --expose-gc) heap per stored line.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { buildSimulatorServer } from '../src/index.js'
import { authHeader, type BenchWorld, benchSimulator, linkedWorld, thousandLines } from './fixtures.js'
import { type LoadResult, median, percentile, runLoad, serialLatencies } from './load.js'

const SELF = fileURLToPath(import.meta.url)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 4000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SERIAL_PUSHES = Number(process.env.BENCH_SERIAL_PUSHES ?? 200)
const MEMORY_LINES = Number(process.env.BENCH_MEMORY_LINES ?? 200_000)

interface Ready {
  barePort: number
  simPort: number
  world: BenchWorld
}

/** Child: the bare route and the simulator, each on its own port. */
async function serve(): Promise<void> {
  const sim = benchSimulator()
  const world = linkedWorld(sim, CONCURRENCY + 1)
  const company = sim.api.getCompany({ apiKey: 'bench-key', params: { companyId: world.companyId } }).body
  const bare = Fastify({ logger: false })
  bare.get('/bare', async () => company)
  const simApp = buildSimulatorServer(sim)
  await bare.listen({ port: 0, host: '127.0.0.1' })
  await simApp.listen({ port: 0, host: '127.0.0.1' })
  const port = (app: { server: { address(): unknown } }) => {
    const a = app.server.address() as { port?: number } | null
    return a?.port ?? 0
  }
  // CPU time of this process on request: per-push CPU cost, insensitive to other load on the machine.
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() })
  })
  process.send?.({ barePort: port(bare), simPort: port(simApp), world } satisfies Ready)
}

function serverCpuMs(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.once('message', (m) => {
      const { cpu } = m as { cpu: NodeJS.CpuUsage }
      resolve((cpu.user + cpu.system) / 1000)
    })
    proc.send('cpu')
  })
}

/** Child (--expose-gc): heap growth per stored line, pushing directly through the model (no HTTP). */
async function memory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  const sim = benchSimulator()
  const world = linkedWorld(sim, 1)
  const params = { companyId: world.companyId, connectionId: world.connectionId, accountId: 'acc-0' }
  gc()
  const before = process.memoryUsage()
  for (let p = 0; p < MEMORY_LINES / 1000; p++) {
    const r = sim.api.createBankTransactions({
      apiKey: 'bench-key',
      params,
      body: thousandLines('acc-0', `m${p}`),
    })
    if ((r.body as { status?: string }).status !== 'Success')
      throw new Error(`push ${p}: ${JSON.stringify(r.body)}`)
  }
  gc()
  gc()
  const after = process.memoryUsage()
  const perLine = (after.heapUsed - before.heapUsed) / MEMORY_LINES
  process.send?.({
    lines: MEMORY_LINES,
    heapBytes: after.heapUsed - before.heapUsed,
    perLine,
    rss: after.rss,
  })
}

function child(mode: string, extraArgs: string[] = []): Promise<{ proc: ChildProcess; message: unknown }> {
  const proc = fork(SELF, [mode], { execArgv: [...process.execArgv, ...extraArgs], stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    proc.once('message', (message) => resolve({ proc, message }))
    proc.once('error', reject)
    proc.once('exit', (code) => reject(new Error(`${mode} child exited with ${code}`)))
  })
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

async function main(): Promise<void> {
  const { proc, message } = await child('serve')
  const { barePort, simPort, world } = message as Ready
  try {
    const company = `/companies/${world.companyId}`
    const pushPath = (a: string) =>
      `/companies/${world.companyId}/connections/${world.connectionId}/push/bankAccounts/${a}/bankTransactions`
    const pushAccounts = world.accountIds.slice(0, CONCURRENCY)
    const serialAccount = world.accountIds[CONCURRENCY] as string
    const json = { authorization: authHeader, 'content-type': 'application/json' }
    // Line ids repeat across pushes (the simulator stores duplicates by default); one body per worker keeps
    // the client cheap. The first answer proves the rules ran and the lines were stored.
    const bodies = pushAccounts.map((a) => Buffer.from(JSON.stringify(thousandLines(a, 'p'))))
    const probe = await fetch(`http://127.0.0.1:${simPort}${pushPath(serialAccount)}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(thousandLines(serialAccount, 'probe')),
    })
    const probed = (await probe.json()) as { status?: string }
    if (probe.status !== 200 || probed.status !== 'Success')
      throw new Error(`probe push: ${JSON.stringify(probed)}`)

    const bare: LoadResult[] = []
    const get: LoadResult[] = []
    const push: LoadResult[] = []
    const base = { concurrency: CONCURRENCY, durationMs: ROUND_MS, headers: { authorization: authHeader } }
    // Warm-up (JIT, sockets), not recorded.
    await runLoad({ ...base, durationMs: 1000, port: barePort, method: 'GET', paths: ['/bare'] })
    await runLoad({ ...base, durationMs: 1000, port: simPort, method: 'GET', paths: [company] })
    for (let r = 0; r < ROUNDS; r++) {
      bare.push(await runLoad({ ...base, port: barePort, method: 'GET', paths: ['/bare'] }))
      get.push(await runLoad({ ...base, port: simPort, method: 'GET', paths: [company] }))
      // Each worker pushes to its own account with its own body.
      const perWorker = await Promise.all(
        pushAccounts.map((a, i) =>
          runLoad({
            ...base,
            concurrency: 1,
            port: simPort,
            method: 'POST',
            headers: json,
            paths: [pushPath(a)],
            body: bodies[i] as Buffer,
          }),
        ),
      )
      push.push({
        requests: perWorker.reduce((s, x) => s + x.requests, 0),
        errors: perWorker.reduce((s, x) => s + x.errors, 0),
        rps: perWorker.reduce((s, x) => s + x.rps, 0),
        latencies: perWorker.flatMap((x) => x.latencies),
      })
    }
    // Serial pushes: the service time of one 1000-line push, with nothing queued before it.
    const serialBody = Buffer.from(JSON.stringify(thousandLines(serialAccount, 's')))
    const cpuBefore = await serverCpuMs(proc)
    const serial = await serialLatencies(
      { port: simPort, method: 'POST', headers: json, paths: [pushPath(serialAccount)], body: serialBody },
      SERIAL_PUSHES,
    )
    const cpuPerPush = ((await serverCpuMs(proc)) - cpuBefore) / SERIAL_PUSHES

    const rps = (rs: LoadResult[]) => median(rs.map((r) => r.rps))
    const errors = [...bare, ...get, ...push].reduce((s, r) => s + r.errors, 0)
    const bareRps = rps(bare)
    const getRps = rps(get)
    const pushRps = rps(push)
    const pushLat = push.flatMap((r) => r.latencies)
    const { proc: memProc, message: mem } = await child('memory', ['--expose-gc'])
    memProc.kill()
    const m = mem as { lines: number; heapBytes: number; perLine: number; rss: number }

    const figures = [
      [
        'machine',
        `${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      ],
      [
        'load',
        `${CONCURRENCY} keep-alive connections, ${ROUNDS} interleaved rounds of ${ROUND_MS} ms, median round`,
      ],
      ['bare Fastify route (baseline)', `${fmt(bareRps)} req/s`],
      ['get-company', `${fmt(getRps)} req/s`],
      ['**get-company / bare**', `**${fmt(getRps / bareRps, 3)}** (target >= 0.5)`],
      ['1000-line push, concurrent', `${fmt(pushRps, 1)} req/s = ${fmt(pushRps * 1000)} lines/s`],
      ['1000-line push / bare', fmt(pushRps / bareRps, 4)],
      [
        '1000-line push latency under load',
        `median ${fmt(median(pushLat), 1)} ms, p95 ${fmt(percentile(pushLat, 95), 1)} ms`,
      ],
      [
        '**1000-line push latency, serial**',
        `**median ${fmt(median(serial), 1)} ms**, p95 ${fmt(percentile(serial, 95), 1)} ms over ${serial.length} pushes (target median < 20 ms)`,
      ],
      ['server CPU time per serial 1000-line push', `${fmt(cpuPerPush, 1)} ms (user + system, mean)`],
      [
        'load average (1, 5, 15 min) at the end',
        loadavg()
          .map((x) => fmt(x, 2))
          .join(', '),
      ],
      [
        'heap per stored line',
        `${fmt(m.perLine)} bytes (${fmt(m.lines)} lines, ${fmt(m.heapBytes / 2 ** 20, 1)} MiB)`,
      ],
      ['**heap per million stored lines**', `**${fmt((m.perLine * 1e6) / 2 ** 20)} MiB**`],
      ['non-200 answers', String(errors)],
    ]
    for (const [k, v] of figures) console.log(`${k}: ${v?.replace(/\*\*/g, '')}`)
    console.log('\n| figure | value |\n| --- | --- |')
    for (const [k, v] of figures) console.log(`| ${k} | ${v} |`)
    if (errors > 0) process.exitCode = 1
  } finally {
    proc.kill()
  }
}

const mode = process.argv[2]
if (mode === 'serve') await serve()
else if (mode === 'memory') await memory()
else await main()
