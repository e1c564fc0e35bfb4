import type { FastifyInstance } from 'fastify'
import { ServiceError } from '../errors.js'
import { JsonSyntaxError, parseJsonExact } from './exact-json.js'

/**
 * The app's only body parser: `application/json` read by `parseJsonExact`, so money numbers keep
 * their source text (see exact-json.ts). An empty body is `null`; a body that is not JSON is a 400
 * `malformed_json`; any other media type has no parser (415 `unsupported_media_type`).
 *
 * @example
 * installJsonBody(app) // before the routes are registered
 */
/** Refuses bytes that are not UTF-8 instead of storing U+FFFD in their place. */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

export function installJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string
    try {
      text = typeof body === 'string' ? body : UTF8.decode(body)
    } catch {
      done(
        new ServiceError('malformed_json', 'The body is not valid UTF-8: send JSON encoded as UTF-8.'),
        undefined,
      )
      return
    }
    if (text.trim() === '') return done(null, null)
    try {
      done(null, parseJsonExact(text))
    } catch (error) {
      const detail = error instanceof JsonSyntaxError ? error.message : 'The body is not valid JSON.'
      done(new ServiceError('malformed_json', detail), undefined)
    }
  })
}
