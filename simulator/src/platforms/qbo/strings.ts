/** A non-empty string, or undefined: how the QBO control bodies read their ids. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}
