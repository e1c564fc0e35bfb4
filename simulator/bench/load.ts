import { Agent, request } from 'node:http'

export interface LoadSpec {
  port: number
  method: 'GET' | 'POST'
  /** One path per worker (worker i uses paths[i % paths.length]). */
  paths: string[]
  headers: Record<string, string>
  body?: Buffer
  concurrency: number
  durationMs: number
}

export interface LoadResult {
  requests: number
  errors: number
  rps: number
  /** Per-request latency in ms, in completion order. */
  latencies: number[]
}

/** One request over a keep-alive agent; resolves with the status once the whole body is read. */
function once(agent: Agent, spec: LoadSpec, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: spec.port,
        method: spec.method,
        path,
        agent,
        headers: spec.body ? { ...spec.headers, 'content-length': String(spec.body.length) } : spec.headers,
      },
      (res) => {
        res.on('data', () => {})
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(spec.body)
  })
}

/**
 * Closed-loop load over `concurrency` keep-alive connections for `durationMs`: each worker sends its next
 * request as soon as the previous answer is read. Non-200 answers count as errors.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency })
  const latencies: number[] = []
  let errors = 0
  const start = performance.now()
  const end = start + spec.durationMs
  const worker = async (i: number) => {
    const path = spec.paths[i % spec.paths.length] as string
    while (performance.now() < end) {
      const t0 = performance.now()
      const status = await once(agent, spec, path)
      latencies.push(performance.now() - t0)
      if (status !== 200) errors++
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => worker(i)))
  const elapsed = performance.now() - start
  agent.destroy()
  return { requests: latencies.length, errors, rps: (latencies.length * 1000) / elapsed, latencies }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i] as number
}

export const median = (values: number[]) => percentile(values, 50)

/** `n` requests one after another on one keep-alive connection; their latencies in ms. */
export async function serialLatencies(spec: Omit<LoadSpec, 'concurrency' | 'durationMs'>, n: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const out: number[] = []
  const path = spec.paths[0] as string
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const status = await once(agent, { ...spec, concurrency: 1, durationMs: 0 }, path)
    out.push(performance.now() - t0)
    if (status !== 200) throw new Error(`serial request ${i}: HTTP ${status}`)
  }
  agent.destroy()
  return out
}
