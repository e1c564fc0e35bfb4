import type { SimResponse } from '../codat/context.js'
import { CodatError } from '../codat/errors.js'

/**
 * One named step of a request pipeline over an exchange `X`: setting `x.answer` answers at once (later
 * steps are skipped), and so does a thrown `CodatError`; otherwise the next step runs.
 */
export interface PipelineStep<X> {
  readonly name: string
  run(x: X): void | Promise<void>
}

/** What every exchange carries: an early `answer`, or the `response` the last steps build. */
export interface HasResponse {
  answer?: SimResponse
  response?: SimResponse
}

/** Runs the steps in order; when none answers early, the answer is the exchange's `response`. */
export async function runPipeline<X extends HasResponse>(
  steps: readonly PipelineStep<X>[],
  x: X,
): Promise<SimResponse> {
  try {
    for (const step of steps) {
      const out = step.run(x)
      if (out instanceof Promise) await out
      if (x.answer) return x.answer
    }
  } catch (e) {
    if (e instanceof CodatError) return e.response
    throw e
  }
  if (!x.response) throw new Error('pipeline ended without a response')
  return x.response
}

/** Parses a JSON body; an absent or blank body is `undefined`. */
export function parseJsonBody(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined || text.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}
