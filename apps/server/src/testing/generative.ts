// Test support for the generative API test: one request checked against the API's contract (never a
// 5xx; a refusal is problem+json with a stable code and changes nothing; what must be refused is), and
// the properties every generative test file runs per operation.
import { appendFileSync } from 'node:fs'
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { STATUS_OF } from '../http/problem.js'
import {
  type ApiRequest,
  describeRequest,
  type Operation,
  slotsOf,
  toInject,
  validRequest,
} from './api-requests.js'
import type { World } from './generative-world.js'
import { classesOf, extraPropertyOf, type Mutation } from './hostile-values.js'
import { transportCaseCount, transportMutationOf } from './transport-values.js'

/** Runs per property: `GENERATIVE_SCALE=10` for a deeper local search. */
export const scale = (runs: number): number =>
  Math.max(1, Math.round(runs * Number(process.env.GENERATIVE_SCALE ?? 1)))

/** What went wrong with one request, by class (`GENERATIVE_SURVEY=1` collects them instead of failing). */
export interface Finding {
  readonly cls: string
  readonly label: string
  readonly problem: string
  readonly request: string
  readonly response: string
}
export const findings: Finding[] = []
/** Answers per operation and status (printed in survey mode: which requests got through). */
const answers = new Map<string, Map<number, number>>()
const survey = process.env.GENERATIVE_SURVEY === '1'
const planned = new Map<string, number>()

/** Sends `req` and checks the contract; throws (or records, in survey mode) what breaks it. */
export async function runCase(
  world: World,
  req: ApiRequest,
  mutation?: Pick<Mutation, 'cls' | 'must' | 'label' | 'line'>,
): Promise<void> {
  await world.refresh()
  const options = toInject(req)
  const write = options.method !== 'GET'
  // the state after the previous refusal is the state before this request (nothing changed since)
  const before = world.settled ?? (await world.state())
  world.settled = undefined
  let res: LightMyRequestResponse
  try {
    res = await world.h.app.inject(options)
  } catch (error) {
    return fail('inject threw', String(error), '')
  }
  const status = res.statusCode
  const counts = answers.get(req.op.id) ?? new Map<number, number>()
  answers.set(req.op.id, counts.set(status, (counts.get(status) ?? 0) + 1))
  const response = `${status} ${String(res.headers['content-type'])} ${res.body.slice(0, 300)}`
  function fail(cls: string, problem: string, answer: string = response): void {
    const finding = {
      cls: `${cls} (${mutation?.cls ?? 'valid request'})`,
      label: mutation?.label ?? 'valid',
      problem,
      request: describeRequest(options),
      response: answer,
    }
    if (survey) {
      findings.push(finding)
      world.dirty = true
      return
    }
    throw new Error(
      `${finding.cls}: ${problem}\n  ${mutation?.label ?? 'valid'}\n  ${finding.request}\n  → ${answer}`,
    )
  }
  if (status >= 500) return fail('5xx', `answered ${status}`)
  if (status < 400) {
    if (write) world.dirty = true
    if ((req.must ?? mutation?.must) !== true) return
    const refusedLine = lineRefusal(res, mutation?.line)
    return refusedLine === true
      ? undefined
      : fail('accepted', refusedLine || `must be refused, answered ${status}`)
  }
  const problem = problemOf(res)
  if (problem !== undefined) return fail('not problem+json', problem)
  const after = await world.state()
  if (after.codatCalls !== before.codatCalls)
    return fail('refusal called Codat', `${after.codatCalls - before.codatCalls} calls`)
  if (after.streams !== before.streams)
    return fail('refusal changed events', diff(before.streams, after.streams))
  if (after.views !== before.views)
    return fail('refusal changed the views', viewDiff(before.views, after.views))
}

/** `?partial=true` answers 200 and refuses the line alone: true when it did, with a stable code. */
function lineRefusal(res: LightMyRequestResponse, line: number | undefined): true | string {
  if (line === undefined) return ''
  const result = (res.json() as { results?: { result?: string; code?: unknown }[] }).results?.[line]
  if (result?.result !== 'rejected') return ''
  return typeof result.code === 'string' && result.code in STATUS_OF
    ? true
    : `line rejected with code ${String(result.code)}`
}

/** Why `res` is not a well-formed problem with a stable code matching its status, or undefined. */
function problemOf(res: LightMyRequestResponse): string | undefined {
  const type = String(res.headers['content-type'] ?? '')
  if (!type.startsWith('application/problem+json')) return `content-type ${type || '(none)'}`
  let body: Record<string, unknown>
  try {
    body = res.json()
  } catch {
    return 'body is not JSON'
  }
  const code = body.code
  if (typeof code !== 'string' || !(code in STATUS_OF))
    return `code ${JSON.stringify(code)} is not a stable code`
  if (STATUS_OF[code as keyof typeof STATUS_OF] !== res.statusCode)
    return `code ${code} is not a ${res.statusCode}`
  if (body.status !== res.statusCode) return `status ${String(body.status)} in the body`
  for (const key of ['type', 'title', 'detail']) if (typeof body[key] !== 'string') return `no ${key}`
  return undefined
}

/** Where the views (feed, transactions, operations: one per line) first differ. */
function viewDiff(before: string, after: string): string {
  const a = before.split('\n')
  const b = after.split('\n')
  const i = a.findIndex((line, k) => line !== b[k])
  const at = [...(a[i] ?? '')].findIndex((ch, k) => ch !== [...(b[i] ?? '')][k])
  const around = (text: string | undefined) => [...(text ?? '')].slice(Math.max(0, at - 80), at + 80).join('')
  return `view ${i} (feed, transactions, operations) differs: ${around(a[i])} → ${around(b[i])}`
}

function diff(before: string, after: string): string {
  const a = new Set(before.split('\n'))
  return after
    .split('\n')
    .filter((line) => !a.has(line))
    .slice(0, 5)
    .join(', ')
}

/** Runs of one operation's property: `perCase` for each class of mutation it has, within bounds. */
const budget = (cases: number, perCase: number, min: number, max: number) =>
  scale(Math.min(max, Math.max(min, Math.round(cases * perCase))))

/** Valid requests of `op`: never a 5xx, a refusal (a business rule's) is a problem and changes nothing. */
export async function checkValid(world: World, op: Operation, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(validRequest(world.doc, op, world.hint), async (req) => runCase(world, req)),
    { numRuns: scale(runs), endOnFailure: true },
  )
}

/**
 * Valid requests of `op` with one field mutated: every class of hostile value of every slot (and an
 * extra property on every body object), `runs` times each. What must be refused is; nothing changes.
 */
export async function checkMutated(world: World, op: Operation, runs: number): Promise<void> {
  const slots = slotsOf(world.doc, op)
  const objects = slots.filter(
    (s) =>
      s.in === 'body' && (s.schema.properties !== undefined || s.schema.anyOf?.some((a) => a.properties)),
  )
  const classes = [
    ...slots.flatMap((slot) => classesOf(world.doc, slot)),
    ...objects.map((slot) => ({ cls: 'extra property', mutation: extraPropertyOf(slot) })),
  ]
  planned.set(`fields ${op.id}`, classes.length * scale(runs))
  for (const { mutation } of classes) {
    await fc.assert(
      fc.asyncProperty(validRequest(world.doc, op, world.hint), mutation, async (req, m) =>
        runCase(world, m.apply(req), m),
      ),
      { numRuns: scale(runs), endOnFailure: true },
    )
  }
}

/** Valid requests of `op` changed as a whole: content type, body text, URL encoding, path, auth, method. */
export async function checkTransport(world: World, op: Operation, perCase: number): Promise<void> {
  const runs = budget(transportCaseCount(op), perCase, 8, 40)
  planned.set(`transport ${op.id}`, runs)
  await fc.assert(
    fc.asyncProperty(
      validRequest(world.doc, op, world.hint),
      transportMutationOf(op, world.companyId),
      async (req, m) => runCase(world, m.apply(req), m),
    ),
    { numRuns: runs, endOnFailure: true },
  )
}

/** Survey mode: fails once at the end with every class found, so one run lists them all (and counts). */
export function expectNoFindings(): void {
  const out = process.env.GENERATIVE_SURVEY_OUT
  if (out !== undefined) appendFileSync(out, findings.map((f) => `${JSON.stringify(f)}\n`).join(''))
  const byClass = new Map<string, Finding>()
  for (const f of findings) if (!byClass.has(f.cls)) byClass.set(f.cls, f)
  if (survey) {
    let total = 0
    for (const [op, counts] of answers) {
      for (const n of counts.values()) total += n
      console.log(op, JSON.stringify(Object.fromEntries(counts)))
    }
    console.log(`${total} requests; runs`, JSON.stringify(Object.fromEntries(planned)))
  }
  const text = [...byClass.values()].map((f) => `- ${f.cls}: ${f.problem}\n  ${f.request}\n  → ${f.response}`)
  expect(text.join('\n'), `${findings.length} findings`).toBe('')
}
