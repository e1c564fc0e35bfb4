/** The Codat API key the simulator accepts and the server sends (one simulator tenant). */
export const CODAT_KEY = 'codat-e2e-key-9Kp2Lm4Qx7Rt'

/** feedsync Bearer keys: each one is a tenant of the server. */
export const TENANT_KEY = 'e2e-tenant-a-0123456789abcdef'
export const OTHER_TENANT_KEY = 'e2e-tenant-b-fedcba9876543210'

/** Where the simulated day of the seed flow starts (a Tuesday, noon UTC). */
export const SIM_START = '2026-03-10T12:00:00.000Z'
