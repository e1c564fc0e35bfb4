import { CodatApiError, type CodatBankFeedsPort, CodatError } from '@feedsync/codat-client'

/** What one cheap call to Codat at start said about `CODAT_API_KEY` and `CODAT_BASE_URL`. */
export type CodatAccess =
  | { readonly ok: true }
  /** The key or the URL is wrong: the server refuses to start with `message`. */
  | { readonly ok: false; readonly fatal: true; readonly message: string }
  /** Codat could not answer now (down, slow, rate-limited): the server starts and says so. */
  | { readonly ok: false; readonly fatal: false; readonly message: string }

/**
 * Lists one company (page 1, page size 1) to learn at start whether Codat takes the key, instead of
 * a 502 at the first onboarding. 401/403 → fatal, naming `CODAT_API_KEY`; 404 → fatal, naming
 * `CODAT_BASE_URL` (it is not Codat's API); a network error, a timeout, 429 or 5xx → not fatal
 * (Codat may be down for a while; the worker retries). Neither the key nor its encoding is in a message.
 *
 * @example
 * const access = await checkCodatAccess(probeClient, config.codat.baseUrl)
 * if (!access.ok && access.fatal) exit(access.message)
 */
export async function checkCodatAccess(
  codat: Pick<CodatBankFeedsPort, 'companies'>,
  baseUrl: string,
): Promise<CodatAccess> {
  try {
    await codat.companies.list({ page: 1, pageSize: 1 })
    return { ok: true }
  } catch (error) {
    if (error instanceof CodatApiError) {
      if (error.status === 401 || error.status === 403) {
        return {
          ok: false,
          fatal: true,
          message:
            `Codat at ${baseUrl} refused CODAT_API_KEY (HTTP ${error.status} listing companies): ` +
            'set CODAT_API_KEY to an API key of that Codat instance (and CODAT_BASE_URL to its URL)',
        }
      }
      if (error.status === 404) {
        return {
          ok: false,
          fatal: true,
          message: `CODAT_BASE_URL ${baseUrl} answered 404 to GET /companies: it is not Codat's API (default https://api.codat.io)`,
        }
      }
      return {
        ok: false,
        fatal: false,
        message: `Codat at ${baseUrl} answered HTTP ${error.status} listing companies; starting anyway (CODAT_API_KEY not checked yet)`,
      }
    }
    if (error instanceof CodatError) {
      return {
        ok: false,
        fatal: false,
        message: `Codat at ${baseUrl} could not be reached (${error.name}); starting anyway: check CODAT_BASE_URL if this lasts`,
      }
    }
    throw error
  }
}
