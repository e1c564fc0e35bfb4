import type { ServerConfig } from '../config.js'

/**
 * The sync worker's settings: the `sync` part of the server's configuration, declared once there
 * (`src/config.ts`, one variable each, README's table) and only named here.
 *
 * @example
 * const settings: SyncSettings = loadConfig(process.env).sync
 */
export type SyncSettings = ServerConfig['sync']
