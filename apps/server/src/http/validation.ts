import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { TSchema } from 'typebox'
import type { ErrorCode } from '../errors.js'
import { integerProperties, policyAt } from './input-policy.js'

/** Digits only (an optional sign): what a querystring, path or header integer may be. */
const INTEGER_TEXT = /^[+-]?\d{1,16}$/

/**
 * The app's validator compiler: TypeBox's (bodies checked strictly, querystring, params and headers
 * converted), except that an integer in a querystring, path or header must be written as one:
 * TypeBox's conversion would take `pageSize=1.5` as 1, `0x10` as 16 and `1e3` as 1000.
 *
 * @example
 * app.setValidatorCompiler(validatorCompiler)
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const check = TypeBoxValidatorCompiler(route)
  if (route.httpPart === 'body') return check
  const integers = integerProperties(route.schema)
  if (integers.length === 0) return check
  return (value: unknown) => {
    const input = (value ?? {}) as Record<string, unknown>
    const error: FastifySchemaValidationError[] = []
    for (const key of integers) {
      const raw = input[key]
      if (raw === undefined) continue
      if (typeof raw === 'string' ? INTEGER_TEXT.test(raw) : Number.isSafeInteger(raw)) continue
      error.push({
        keyword: 'type',
        instancePath: `/${key}`,
        schemaPath: `#/properties/${key}/type`,
        params: { type: 'integer' },
        message: 'must be a whole number written in digits (such as 2), given once',
      })
    }
    return error.length > 0 ? { error } : check(value)
  }
}

interface ValidationIssue {
  readonly keyword: string
  readonly instancePath: string
  readonly schemaPath: string
  readonly params: Record<string, unknown>
  readonly message?: string | undefined
}

/** What a failed validation answers: a code, a sentence, and the issues per path. */
export interface ValidationProblem {
  readonly code: ErrorCode
  readonly detail: string
  readonly errors: readonly { path: string; message: string }[]
}

/** The failures a policy answers (its own check and its length); a wrong type stays `validation_failed`. */
const POLICY_KEYWORDS = new Set(['~refine', 'minLength', 'maxLength'])

const parentOf = (schemaPath: string) => schemaPath.slice(0, schemaPath.lastIndexOf('/'))

/**
 * The issues, one per instance path: a policy's rule when the failing schema is under one, the allowed
 * values of an enum (instead of one "must be equal to constant" per value), else the first message.
 */
function issuesOf(
  issues: readonly ValidationIssue[],
  schema: unknown,
): { path: string; message: string; code?: ErrorCode }[] {
  const byPath = new Map<string, ValidationIssue[]>()
  for (const issue of issues) {
    const list = byPath.get(issue.instancePath) ?? []
    list.push(issue)
    byPath.set(issue.instancePath, list)
  }
  const out: { path: string; message: string; code?: ErrorCode }[] = []
  for (const [path, list] of byPath) {
    const policy = list
      .filter((i) => POLICY_KEYWORDS.has(i.keyword))
      .map((i) => policyAt(schema, i.schemaPath))
      .find((p): p is NonNullable<typeof p> => p !== undefined)
    if (policy !== undefined) {
      out.push({ path, message: policy.rule, code: policy.code })
      continue
    }
    const consts = list.filter((i) => i.keyword === 'const' && i.schemaPath.includes('/anyOf/'))
    const union = consts.length > 0 ? parentOf(parentOf(consts[0]?.schemaPath ?? '')) : undefined
    if (union !== undefined && consts.every((i) => parentOf(parentOf(i.schemaPath)) === union)) {
      const allowed = consts.map((i) => JSON.stringify(i.params.allowedValue)).join(', ')
      out.push({ path, message: `must be one of ${allowed}` })
      continue
    }
    const first = list.find((i) => i.keyword !== 'anyOf') ?? list[0]
    out.push({ path, message: first?.message ?? 'is not valid' })
  }
  return out
}

/**
 * A failed validation as a problem: the first policy code met (`invalid_id`, `invalid_text`,
 * `invalid_date`, `amount_out_of_range`, `balance_out_of_range`), else `validation_failed`; the detail
 * names the part and path of each issue and what to send instead.
 *
 * @example
 * validationProblem('params', [{ keyword: '~refine', instancePath: '/companyId', schemaPath: '#/properties/companyId', params: {} }], CompanyParams)
 * // => { code: 'invalid_id', detail: 'params/companyId: an id is a string of 1 to 200 characters, …', errors: [...] }
 */
export function validationProblem(
  context: string,
  issues: readonly ValidationIssue[],
  schema: unknown,
): ValidationProblem {
  const all = issuesOf(issues, schema)
  const code = all.find((i) => i.code !== undefined)?.code ?? 'validation_failed'
  const errors = all.slice(0, 20).map((i) => ({ path: `${context}${i.path}`, message: i.message }))
  const shown = errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`)
  const more = all.length > 3 ? ` (and ${all.length - 3} more)` : ''
  return { code, detail: `${shown.join('; ')}${more}.`, errors }
}
