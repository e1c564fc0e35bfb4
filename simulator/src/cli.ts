import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { buildSimulatorServer } from './server.js'
import { createSimulator } from './simulator.js'

/**
 * `pnpm simulator --port <p> --api-key <key> [--api-key <key2>] [--control-key <k>] [--seed <n>] [--now <ISO>]
 * [--state-file <path>] [--clock running|frozen] [--link-base-url <url>] [--source-account-schema v1|v2|auto]`
 *
 * Without `--link-base-url`, every connection's `linkUrl` points at this process
 * (`http://127.0.0.1:<port>/companies/{c}/connections/{k}/start?otp=`), which serves the QBO link page.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'api-key': { type: 'string', multiple: true },
      'control-key': { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      'state-file': { type: 'string' },
      clock: { type: 'string', default: 'running' },
      'link-base-url': { type: 'string' },
      // The Codat client's source-account schema version (BEHAVIOUR §6.1); v1 unless told.
      'source-account-schema': { type: 'string' },
    },
    strict: true,
  })
  const apiKeys = values['api-key'] ?? (process.env.CODAT_API_KEY ? [process.env.CODAT_API_KEY] : [])
  if (apiKeys.length === 0) throw new Error('--api-key is required')
  const clock = values.clock === 'frozen' ? 'frozen' : 'running'
  const port = Number(values.port)
  const ownOrigin = (p: number) => `http://127.0.0.1:${p}`
  const linkFlag = values['link-base-url']
  const schema = values['source-account-schema']
  if (schema !== undefined && schema !== 'v1' && schema !== 'v2' && schema !== 'auto')
    throw new Error('--source-account-schema must be v1, v2 or auto')
  const sim = createSimulator({
    ...(schema === undefined ? {} : { sourceAccountSchema: schema }),
    apiKeys,
    controlKey: values['control-key'],
    seed: values.seed === undefined ? undefined : Number(values.seed),
    now: values.now,
    clock,
    // With --port 0 the port is known only after listen; set below, before the listening line is printed.
    linkBaseUrl: linkFlag ?? (port > 0 ? ownOrigin(port) : undefined),
  })
  const stateFile = values['state-file']
  if (stateFile) {
    let text: string | undefined
    try {
      text = readFileSync(stateFile, 'utf8')
    } catch {
      text = undefined
    }
    if (text) {
      const res = sim.control.importState(JSON.parse(text))
      if (res.status !== 200) throw new Error(`state file ${stateFile} could not be loaded`)
    }
  }
  const app = buildSimulatorServer(sim)
  await app.listen({ port, host: '127.0.0.1' })
  const address = app.server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  // Nobody knows an ephemeral port before the line below, so no linkUrl was rendered with the default.
  if (linkFlag === undefined && port === 0) sim.options.linkBaseUrl = ownOrigin(actual)
  process.stdout.write(`simulator listening on http://127.0.0.1:${actual}\n`)
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    if (stateFile) writeFileSync(stateFile, JSON.stringify(sim.control.exportState().body))
    await app.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`simulator: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
