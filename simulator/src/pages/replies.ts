import type { FastifyReply, FastifyRequest } from 'fastify'
import { html, page } from './html.js'

/** A control-API answer as the pages read it. */
export type ControlAnswer = { status: number; body?: unknown }
type ErrorBody = {
  error?: string
  validation?: { errors?: { itemId: string | null; message: string | null }[] | null } | null
}

/** The messages of a Codat-style error body, for a person. */
export function messagesOf(res: ControlAnswer): string[] {
  const b = (res.body ?? {}) as ErrorBody
  const items = (b.validation?.errors ?? []).map((e) =>
    e.itemId ? `${e.itemId}: ${e.message}` : `${e.message}`,
  )
  if (items.length > 0) return items
  return [b.error ?? `HTTP ${res.status}`]
}

/** An HTML answer, never cached. */
export function sendHtml(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body)
}

/** A page that says what went wrong, with a way back. */
export function problemPage(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  back: string,
) {
  return sendHtml(
    reply,
    status,
    page(
      title,
      html`<h1>${title}</h1><p class="error" role="alert">${detail}</p><p><a href="${back}">Back</a></p>`,
    ),
  )
}

/** The fields of a form POST (`application/x-www-form-urlencoded`). */
export function formOf(request: FastifyRequest): URLSearchParams {
  return new URLSearchParams(typeof request.body === 'string' ? request.body : '')
}
