import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'

/**
 * The master key: from DOORSTEP_MASTER_KEY, or — outside production only — a development key generated into
 * the data directory on first run. Losing that file loses every encrypted field, so say so loudly.
 */
export function resolveMasterKey(config: Config, log: Pick<Logger, 'warn'>): Buffer {
  if (config.masterKey) return config.masterKey
  const file = path.join(config.dataDir, 'master.key')
  if (fs.existsSync(file)) {
    log.warn(`Using the DEVELOPMENT master key in ${file}. Set DOORSTEP_MASTER_KEY in production.`)
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')
  }
  fs.mkdirSync(config.dataDir, { recursive: true })
  const key = crypto.randomBytes(32)
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 })
  process.stderr.write(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!! Generated a DEVELOPMENT master key at ${file}`,
      '!! Personal data is encrypted with it. Back it up, or set DOORSTEP_MASTER_KEY.',
      '!! Production refuses to start without DOORSTEP_MASTER_KEY.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    ].join('\n') + '\n\n',
  )
  log.warn(`Generated a DEVELOPMENT master key at ${file}`)
  return key
}
