/** The parsers `loadConfig` reads the environment with; each failure a `ConfigError` naming the variable. */

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export type Env = Readonly<Record<string, string | undefined>>

export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`)
  return n
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const v = raw.trim() as T
  if (!allowed.includes(v))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
  return v
}

export function httpUrl(name: string, raw: string): string {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new ConfigError(`${name} must be an http(s) URL`)
  }
  return raw.replace(/\/+$/, '')
}

/** The base64 (or base64url) of exactly 32 bytes; the message never holds the value. */
export function sessionKey(env: Env): Buffer | undefined {
  const raw = env.FEEDSYNC_SESSION_KEY?.trim()
  if (raw === undefined || raw === '') return undefined
  const bad = new ConfigError(
    'FEEDSYNC_SESSION_KEY must be the base64 of 32 random bytes (for example `openssl rand -base64 32`)',
  )
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) throw bad
  const key = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  if (key.length !== 32) throw bad
  return key
}

export function portalSecret(env: Env): string | undefined {
  const raw = env.FEEDSYNC_PORTAL_SECRET?.trim()
  if (raw === undefined || raw === '') return undefined
  if (raw.length < 32 || /\s/.test(raw)) {
    throw new ConfigError('FEEDSYNC_PORTAL_SECRET must be at least 32 characters without spaces')
  }
  return raw
}

/** An http(s) origin: no path, query, fragment or credentials. */
export function publicUrl(env: Env): string | undefined {
  const raw = env.FEEDSYNC_PUBLIC_URL?.trim()
  if (raw === undefined || raw === '') return undefined
  const url = httpUrl('FEEDSYNC_PUBLIC_URL', raw)
  const u = new URL(url)
  if (u.pathname !== '/' || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    throw new ConfigError(
      'FEEDSYNC_PUBLIC_URL must be an origin only, like https://feeds.bank.example (no path, query or user)',
    )
  }
  return u.origin
}

/** `whsec_` + the base64 of the signing key (Codat's Portal shows it); the message never holds the value. */
export function webhookSecret(env: Env): string | undefined {
  const raw = env.CODAT_WEBHOOK_SECRET?.trim()
  if (raw === undefined || raw === '') return undefined
  const key = raw.startsWith('whsec_') ? raw.slice(6) : ''
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length < 16) {
    throw new ConfigError('CODAT_WEBHOOK_SECRET must be whsec_ followed by the base64 of at least 16 bytes')
  }
  return raw
}
