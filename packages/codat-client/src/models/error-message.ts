/** One entry of `ErrorMessage.validation.errors` / `.warnings`. */
export interface ErrorValidationItem {
  itemId?: string | null
  message?: string | null
  validatorName?: string | null
}

/** `validation` inside Codat's error body. */
export interface ErrorValidation {
  errors?: ErrorValidationItem[] | null
  warnings?: ErrorValidationItem[] | null
}

/**
 * Codat's error body, sent with every non-2xx JSON response (`#/components/schemas/ErrorMessage`).
 *
 * @example
 * { statusCode: 404, service: 'PublicApi', error: 'No company was found with ID x', correlationId: '…',
 *   canBeRetried: 'Unknown', detailedErrorCode: 0 }
 */
export interface ErrorMessage {
  statusCode?: number
  service?: string
  error?: string
  correlationId?: string
  validation?: ErrorValidation | null
  /** A string, not a boolean (`'Unknown'` in every example). */
  canBeRetried?: string
  detailedErrorCode?: number
}
