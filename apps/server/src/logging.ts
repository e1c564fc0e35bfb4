import type { ServerConfig } from './config.js'

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'apiKeys',
  '*.apiKeys',
  'username',
  '*.username',
  'sessionKey',
  'portalSecret',
  '*.sessionKey',
  '*.portalSecret',
]

/**
 * The app's pino options: the configured level, secrets redacted by path and scrubbed from errors,
 * and optionally a stream of its own (a test capturing the lines).
 *
 * @example
 * Fastify({ logger: loggerOptions(config, { write: (line) => lines.push(line) }) })
 */
export function loggerOptions(
  config: ServerConfig,
  stream?: { write(line: string): void },
): {
  level: string
  redact: { paths: string[]; censor: string }
  serializers: { err: (err: Error) => SerializedError }
  stream?: { write(line: string): void }
} {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: scrubbingErrorSerializer(secretsOf(config)) },
    ...(stream === undefined ? {} : { stream }),
  }
}

/**
 * The configured secrets, and the forms they travel in (the Codat key base64-encoded in Basic auth,
 * the session key as base64).
 */
export function secretsOf(config: ServerConfig): string[] {
  const codat = config.codat.apiKey
  const { sessionKey, portalSecret } = config.pages
  return [
    ...config.apiKeys,
    codat,
    Buffer.from(codat, 'utf8').toString('base64'),
    ...(sessionKey === undefined ? [] : [sessionKey.toString('base64'), sessionKey.toString('base64url')]),
    ...(portalSecret === undefined ? [] : [portalSecret]),
  ].filter((s) => s.length >= 8)
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('[redacted]')
  return out
}

/** An error as a log line holds it. */
export interface SerializedError {
  [key: string]: unknown
  type: string
  message: string
  stack: string
}

/**
 * pino's `err` serializer plus a scrub of configured secrets from every string field (message,
 * stack, cause): redaction by path cannot see a secret inside a message. Keys such as `password`
 * are removed by the `redact` paths.
 */
export function scrubbingErrorSerializer(secrets: readonly string[]): (err: Error) => SerializedError {
  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return scrub(value, secrets)
    if (typeof value !== 'object' || value === null || depth > 4 || seen.has(value)) return value
    seen.add(value)
    const out: Record<string, unknown> = {}
    if (value instanceof Error) {
      out.type = value.constructor.name
      out.message = scrub(value.message, secrets)
      if (value.stack !== undefined) out.stack = scrub(value.stack, secrets)
      if (value.cause !== undefined) out.cause = walk(value.cause, depth + 1, seen)
    }
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, depth + 1, seen)
    return out
  }
  return (err) => {
    const out = walk(err, 0, new WeakSet())
    const fields = typeof out === 'object' && out !== null ? (out as Record<string, unknown>) : {}
    return {
      ...fields,
      type: typeof fields.type === 'string' ? fields.type : 'Error',
      message: typeof fields.message === 'string' ? fields.message : scrub(String(err), secrets),
      stack: typeof fields.stack === 'string' ? fields.stack : '',
    }
  }
}
