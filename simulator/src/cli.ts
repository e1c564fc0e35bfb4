import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { buildSimulatorServer } from './server.js'
import { createSimulator } from './simulator.js'

/**
 * `pnpm simulator --port <p> --api-key <key> [--api-key <key2>] [--control-key <k>] [--seed <n>] [--now <ISO>]
 * [--state-file <path>] [--clock running|frozen]`
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
    },
    strict: true,
  })
  const apiKeys = values['api-key'] ?? (process.env.CODAT_API_KEY ? [process.env.CODAT_API_KEY] : [])
  if (apiKeys.length === 0) throw new Error('--api-key is required')
  const clock = values.clock === 'frozen' ? 'frozen' : 'running'
  const sim = createSimulator({
    apiKeys,
    controlKey: values['control-key'],
    seed: values.seed === undefined ? undefined : Number(values.seed),
    now: values.now,
    clock,
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
  const port = Number(values.port)
  await app.listen({ port, host: '127.0.0.1' })
  const address = app.server.address()
  const actual = typeof address === 'object' && address ? address.port : port
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
