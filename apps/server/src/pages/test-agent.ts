// Test support: the pages plugin on a bare Fastify with fake ports, and a browser-like agent.
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { type FakeData, fakePorts } from './fake-ports.js'
import { pagesPlugin } from './plugin.js'
import { createPortalTokens, type PortalTokens } from './portal-tokens.js'
import { SAMPLE_KEY_A, sampleData } from './sample-data.js'

/** A test app: the plugin, its data, its tokens and a movable clock. */
export interface PagesTestApp {
  app: FastifyInstance
  data: FakeData
  tokens: PortalTokens
  clock: { ms: number }
  logs: string[]
}

/** Builds the plugin over the sample data (`withReconciliation: false` leaves those ports out). */
export async function pagesTestApp(options: { withReconciliation?: boolean } = {}): Promise<PagesTestApp> {
  const clock = { ms: Date.parse('2026-11-25T09:00:00.000Z') }
  const now = () => clock.ms
  const data = sampleData()
  const tokens = createPortalTokens({ secret: 'x'.repeat(32), now })
  const logs: string[] = []
  const app = Fastify({
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
  })
  await app.register(pagesPlugin, {
    ports: fakePorts(data, {
      now,
      ...(options.withReconciliation === undefined ? {} : { withReconciliation: options.withReconciliation }),
    }),
    tokens,
    sessionKey: Buffer.alloc(32, 7),
    bankName: 'Northwind Bank',
    now,
  })
  await app.ready()
  return { app, data, tokens, clock, logs }
}

/** Keeps the session cookie and the last page's CSRF token, like a browser tab. */
export class Agent {
  cookie: string | undefined
  csrf = ''
  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    const c = res.cookies.find((x) => x.name === 'feedsync_session')
    if (c !== undefined) this.cookie = c.value === '' ? undefined : c.value
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (m?.[1] !== undefined) this.csrf = m[1]
    return res
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const headers =
      this.cookie === undefined ? {} : { cookie: `feedsync_session=${encodeURIComponent(this.cookie)}` }
    return this.remember(await this.app.inject({ method: 'GET', url, headers }))
  }

  /** Posts a form; `_csrf` is the last token seen unless the form gives its own (or `null` for none). */
  async post(
    url: string,
    form: Record<string, string> = {},
    csrf: string | null = this.csrf,
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(csrf === null ? form : { _csrf: csrf, ...form }).toString()
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (this.cookie !== undefined) headers.cookie = `feedsync_session=${encodeURIComponent(this.cookie)}`
    return this.remember(await this.app.inject({ method: 'POST', url, headers, payload: body }))
  }

  /** Signs in as the sample tenant A (or with `key`). */
  async signIn(key = SAMPLE_KEY_A): Promise<LightMyRequestResponse> {
    await this.get('/app/sign-in')
    return this.post('/app/sign-in', { apiKey: key, next: '/app' })
  }
}
