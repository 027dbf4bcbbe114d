import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { maskPhone } from '@doorstep/domain'

/** Sends text messages. One adapter per provider; the templates live with the provider (SMS rules in China). */
export interface SmsProvider {
  readonly name: string
  sendCode(phone: string, code: string): Promise<void>
}

/**
 * For development and tests: no message leaves the machine. The code is logged and appended to
 * `<data dir>/dev-sms.log` (`<ISO time> <phone> <code>`), and the last code per phone is kept in memory.
 */
export function createDevSmsProvider(dataDir: string, log: Pick<Logger, 'info'>) {
  const last = new Map<string, string>()
  return {
    name: 'development',
    last,
    async sendCode(phone: string, code: string) {
      last.set(phone, code)
      log.info({ phone: maskPhone(phone) }, `development SMS: code ${code}`)
      await fs.promises.mkdir(dataDir, { recursive: true })
      await fs.promises.appendFile(
        path.join(dataDir, 'dev-sms.log'),
        `${new Date().toISOString()} ${phone} ${code}\n`,
      )
    },
  } satisfies SmsProvider & { last: Map<string, string> }
}
