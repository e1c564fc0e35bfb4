import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'

/** Debian's Chromium: the browser tests never download one (`playwright install` is not used). */
export const CHROMIUM = '/usr/bin/chromium'

/** Launch arguments of a headless Chromium in a container. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
]

/**
 * Whether the browser tests can run here: under `CI` a missing Chromium throws (the test must
 * run there); locally it prints why the test is skipped and answers false.
 */
export function chromiumPresent(): boolean {
  const present = existsSync(CHROMIUM)
  if (!present && process.env.CI) {
    throw new Error(`${CHROMIUM} is missing: the browser test must run in CI (apt-get install chromium)`)
  }
  if (!present) console.log(`browser test skipped: ${CHROMIUM} is missing (it fails in CI)`)
  return present
}

/** A 4xx the test provokes on purpose: its console error and response are expected. */
export interface ExpectedRefusal {
  readonly status: number
  readonly path: string
}

/**
 * Watches every page of a context: console errors, page errors, failed requests and responses of
 * 400 or more. `problems()` lists those that are not an {@link ExpectedRefusal}.
 */
export class PageWatch {
  private readonly seen: string[] = []
  private readonly refusals: { status: number; url: string }[] = []
  private readonly expected: ExpectedRefusal[] = []

  watch(context: BrowserContext): void {
    context.on('page', (page) => this.watchPage(page))
    for (const page of context.pages()) this.watchPage(page)
  }

  /** Says that `status` on `path` (the URL's path) is provoked by the test. */
  expect(status: number, path: string): void {
    this.expected.push({ status, path })
  }

  private isExpected(url: string, status?: number): boolean {
    const path = URL.canParse(url) ? new URL(url).pathname : url
    return this.expected.some((e) => e.path === path && (status === undefined || e.status === status))
  }

  private watchPage(page: Page): void {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return
      const where = msg.location().url
      // Chrome logs "Failed to load resource: ... 404" for a 4xx document; allowed only when provoked.
      if (/Failed to load resource/.test(msg.text()) && this.isExpected(where)) return
      this.seen.push(`console error on ${page.url()}: ${msg.text()} (${where})`)
    })
    page.on('pageerror', (error) => this.seen.push(`page error on ${page.url()}: ${error.message}`))
    page.on('requestfailed', (request) => {
      this.seen.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`)
    })
    page.on('response', (response) => {
      if (response.status() < 400) return
      if (this.isExpected(response.url(), response.status())) {
        this.refusals.push({ status: response.status(), url: response.url() })
        return
      }
      this.seen.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`)
    })
  }

  /** Everything unexpected so far. */
  problems(): readonly string[] {
    return this.seen
  }

  /** The provoked refusals that happened (so a test can assert it did provoke them). */
  provoked(): readonly { status: number; url: string }[] {
    return this.refusals
  }
}

/** Numbered full-page screenshots in one folder (emptied first), named by what they show. */
export class Screenshots {
  private n = 0
  readonly taken: string[] = []
  constructor(readonly dir: string) {}

  async reset(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
    await mkdir(this.dir, { recursive: true })
  }

  async take(page: Page, name: string): Promise<string> {
    this.n++
    const file = join(this.dir, `${String(this.n).padStart(2, '0')}-${name}.png`)
    await page.screenshot({ path: file, fullPage: true })
    this.taken.push(file)
    return file
  }
}

/** Launches Debian's Chromium headless. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}
