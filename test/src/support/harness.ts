/**
 * What the process suites (server processes spawned with `spawnServer`, one simulator, one database)
 * share around their test bodies: cleanups after each test, a group of server processes whose output
 * is printed when the test fails, and the frame of a suite that needs Postgres.
 */
import { afterEach, describe, it, onTestFailed } from 'vitest'
import { postgresAdminUrl } from './database.js'
import { type ServerProcess, spawnServer } from './server-process.js'

/** Adds a cleanup for the test running now. */
export type AddCleanup = (cleanup: () => Promise<void>) => void

/**
 * Cleanups of the tests of the enclosing `describe`: after each test they run last added first, one
 * that fails not stopping the others, and are forgotten.
 */
export function cleanupAfterEach(): AddCleanup {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {})
    cleanups.length = 0
  })
  return (cleanup) => {
    cleanups.push(cleanup)
  }
}

/**
 * When the test running now fails, prints the last `lines` lines of output of each of `processes`
 * (read then: processes added later are printed too).
 */
export function printOutputOnFailure(processes: readonly ServerProcess[], lines: number): void {
  onTestFailed(() => {
    processes.forEach((p, i) => {
      console.error(
        `--- server process ${i + 1} (pid ${p.pid}), last lines ---\n${p.output.slice(-lines).join('\n')}`,
      )
    })
  })
}

/**
 * Server processes of the test running now: `spawn` starts one (as `spawnServer`) and adds its
 * `stop` to `cleanup`; if the test fails, each one's last `lines` lines of output are printed.
 */
export function serverProcesses(
  cleanup: AddCleanup,
  lines: number,
): {
  processes: ServerProcess[]
  spawn: (options: Parameters<typeof spawnServer>[0]) => Promise<ServerProcess>
} {
  const processes: ServerProcess[] = []
  printOutputOnFailure(processes, lines)
  return {
    processes,
    spawn: async (options) => {
      const p = await spawnServer(options)
      processes.push(p)
      cleanup(() => p.stop())
      return p
    },
  }
}

/**
 * A suite that needs Postgres: with `TEST_DATABASE_URL` set, `describe(name)` with `tests(adminUrl)`;
 * without it one test `behaviour` that fails when `CI` is set (`what` must not be skipped in CI), else
 * a skipped suite, the reason printed.
 */
export function describeOnPostgres(
  name: string,
  behaviour: string,
  what: string,
  tests: (adminUrl: string) => void,
): void {
  const adminUrl = postgresAdminUrl()
  if (adminUrl !== undefined) {
    describe(name, () => tests(adminUrl))
  } else if (process.env.CI) {
    describe(name, () => {
      it(behaviour, () => {
        throw new Error(`CI is set but TEST_DATABASE_URL is not: ${what} must not be skipped in CI`)
      })
    })
  } else {
    const reason =
      'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test); it needs Postgres'
    console.warn(`[@feedsync/test] skipping "${name}": ${reason}`)
    describe.skip(`${name} (skipped: ${reason})`, () => {
      it(behaviour, () => {})
    })
  }
}
