import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const cli = path.resolve(import.meta.dirname, '../bin/doorstep.mjs')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doorstep-cli-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const run = (args: string[], lang: string) =>
  promisify(execFile)(process.execPath, [cli, ...args], {
    env: { ...process.env, DOORSTEP_DATA_DIR: dataDir, DOORSTEP_LOG_LEVEL: 'silent', LANG: lang },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  )

describe('doorstep CLI', () => {
  it("should explain bad options in the operator's language, naming each, and exit 2", async () => {
    const args = ['tenant', 'create', '--slug', 'ok', '--name', 'x']
    const zh = await run([...args, '--admin-login', '1a', '--admin-password', 'onlyletters'], 'C')
    expect(zh.code).toBe(2)
    expect(zh.stderr).toContain('admin.password: 密码须同时包含字母和数字')
    expect(zh.stderr).toContain('admin.login: 登录名须为')
    const en = await run(
      [...args, '--admin-login', '1a', '--admin-password', 'onlyletters'],
      'en_US.UTF-8',
    )
    expect(en.stderr).toContain('admin.password: Password must contain letters and digits')
  }, 60_000)
})
