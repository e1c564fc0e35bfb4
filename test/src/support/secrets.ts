import type { FeedScenario } from './feed-scenario.js'
import { CODAT_KEY, OTHER_TENANT_KEY, TENANT_KEY } from './keys.js'

/**
 * Every secret a whole-system run handles: API keys (raw and as Basic credentials), QBO credentials and
 * the other one-time secrets an SMB was handed to link (`oneTimeSecrets`).
 */
export function secretsOf(...scenarios: FeedScenario[]): string[] {
  const out = [CODAT_KEY, Buffer.from(CODAT_KEY, 'utf8').toString('base64'), TENANT_KEY, OTHER_TENANT_KEY]
  for (const s of scenarios) {
    if (s.credentials !== undefined) out.push(s.credentials.password)
    out.push(...s.oneTimeSecrets)
  }
  return out
}

/** The log lines that contain one of `secrets` (each reported with the secret's first 4 characters only). */
export function leaks(lines: readonly string[], secrets: readonly string[]): string[] {
  const found: string[] = []
  for (const line of lines) {
    for (const secret of secrets) {
      if (line.includes(secret))
        found.push(`${secret.slice(0, 4)}... in: ${line.replaceAll(secret, '<SECRET>').slice(0, 300)}`)
    }
  }
  return found
}
