import { createHash } from 'node:crypto'

/** A tenant's id: a short hash of its API key (keys themselves are never stored in the state). */
export function tenantOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16)
}

/** Who may call: Codat's API keys (one tenant each) and the control key. */
export interface Auth {
  /** The tenant of `Authorization: Basic base64(key)`, or undefined when absent or unknown. */
  tenantFromHeader(header: string | undefined): string | undefined
  /** `/_sim` accepts the control key (Basic or Bearer); without one configured, any API key. */
  controlAllowed(header: string | undefined): boolean
}

/** The API-key and control-key checks of one simulator. */
export function createAuth(apiKeys: readonly string[], controlKey: string | undefined): Auth {
  const tenants = new Map(apiKeys.map((k) => [tenantOf(k), k]))
  return {
    tenantFromHeader(header) {
      if (!header) return undefined
      const m = /^Basic\s+(\S+)$/i.exec(header.trim())
      if (!m?.[1]) return undefined
      const key = Buffer.from(m[1], 'base64').toString('utf8')
      const t = tenantOf(key)
      return tenants.has(t) && tenants.get(t) === key ? t : undefined
    },
    controlAllowed(header) {
      if (!header) return false
      const h = header.trim()
      const basic = /^Basic\s+(\S+)$/i.exec(h)
      const bearer = /^Bearer\s+(\S+)$/i.exec(h)
      const key = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8') : bearer?.[1]
      if (key === undefined) return false
      return controlKey !== undefined ? key === controlKey : apiKeys.includes(key)
    },
  }
}
