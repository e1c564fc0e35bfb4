// Preview of the web app on fake data: `pnpm tsx apps/server/src/pages/preview.ts [port]`.
// Loopback only; prints the sign-in key of the sample tenant and a fresh portal link.
import Fastify from 'fastify'
import { fakePorts } from './fake-ports.js'
import { pagesPlugin } from './plugin.js'
import { createPortalTokens } from './portal-tokens.js'
import { EVENTS, SAMPLE_KEY_A, sampleData, TENANT_A } from './sample-data.js'

const port = Number(process.argv[2] ?? process.env.PORT ?? 0)
const tokens = createPortalTokens()
const app = Fastify({ logger: { level: 'warn' } })
await app.register(pagesPlugin, { ports: fakePorts(sampleData()), tokens, bankName: 'Northwind Bank' })
const url = await app.listen({ port, host: '127.0.0.1' })
const portal = () => `${url}/app/portal/${tokens.issue(TENANT_A, EVENTS).token}`
// The sample key is fake data of this preview, not a secret.
console.log(JSON.stringify({ url: `${url}/app`, key: SAMPLE_KEY_A, portals: [portal(), portal()] }))
process.on('SIGINT', () => void app.close().then(() => process.exit(0)))
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
