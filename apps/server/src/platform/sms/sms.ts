import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { maskPhone } from '@doorstep/domain'

/** A notice for a customer: the provider either uses its approved template or the rendered text. */
export interface SmsNotice {
  readonly template: string
  readonly text: string
  /** Template variables, for providers whose messages are approved templates (all of them in China). */
  readonly params: Readonly<Record<string, string>>
}

/** Sent, or not sent on purpose (no approved template): a skip is not retried. */
export type SmsOutcome = 'sent' | { readonly skipped: string }

/** Sends text messages. One adapter per provider; the templates live with the provider (SMS rules in China). */
export interface SmsProvider {
  readonly name: string
  sendCode(phone: string, code: string): Promise<void>
  sendNotice(phone: string, notice: SmsNotice): Promise<SmsOutcome>
}

/** Development channel log: `<data dir>/dev-notices.log`, one `<ISO time> <channel> <to> <text>` per line. */
export async function appendDevNotice(dataDir: string, channel: string, to: string, text: string) {
  await fs.promises.mkdir(dataDir, { recursive: true })
  await fs.promises.appendFile(
    path.join(dataDir, 'dev-notices.log'),
    `${new Date().toISOString()} ${channel} ${to} ${text.replace(/\s+/g, ' ')}\n`,
  )
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
    async sendNotice(phone: string, notice: SmsNotice) {
      await appendDevNotice(dataDir, 'sms', phone, notice.text)
      return 'sent' as const
    },
  } satisfies SmsProvider & { last: Map<string, string> }
}
