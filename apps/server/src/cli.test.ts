import { execFile, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from './test-support/harness.ts'

const cli = path.resolve(import.meta.dirname, '../bin/doorstep.mjs')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doorstep-cli-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

// The embedded database, whatever the developer's shell points at.
const { DOORSTEP_DATABASE_URL: _ignored, ...shell } = process.env
const run = (args: string[], lang: string) =>
  promisify(execFile)(process.execPath, [cli, ...args], {
    env: { ...shell, DOORSTEP_DATA_DIR: dataDir, DOORSTEP_LOG_LEVEL: 'silent', LANG: lang },
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

  it("should refuse --role api or worker on the embedded database, in the operator's language", async () => {
    const zh = await run(['start', '--role', 'worker'], 'C')
    expect(zh.code).toBe(2)
    expect(zh.stderr).toContain('--role worker：需要设置 DOORSTEP_DATABASE_URL')
    const en = await run(['start', '--role', 'api'], 'en_US.UTF-8')
    expect(en.code).toBe(2)
    expect(en.stderr).toContain('--role api: needs DOORSTEP_DATABASE_URL (PostgreSQL)')
  }, 60_000)

  it.runIf(process.env.DOORSTEP_TEST_DB === 'postgres')(
    'should run the API and the background work as separate processes on one PostgreSQL',
    async () => {
      const database = await freshPostgresDatabase()
      const env = {
        ...process.env,
        DOORSTEP_DATABASE_URL: database.url,
        DOORSTEP_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
        DOORSTEP_DATA_DIR: dataDir,
        // Warnings and errors: what a failure below prints with the processes' output.
        DOORSTEP_LOG_LEVEL: 'warn',
        PORT: '0',
        LANG: 'C',
      }
      /** Starts `doorstep start --role <role>` and resolves with its output once it prints `ready`. */
      const start = (role: string, ready: RegExp, more: Record<string, string> = {}) => {
        const child = spawn(process.execPath, [cli, 'start', '--role', role], {
          env: { ...env, ...more },
        })
        let output = ''
        const started = new Promise<RegExpExecArray>((resolve, reject) => {
          const onData = (chunk: Buffer) => {
            output += chunk.toString()
            const match = ready.exec(output)
            if (match) resolve(match)
          }
          child.stdout.on('data', onData)
          child.stderr.on('data', onData)
          child.once('exit', (code) => reject(new Error(`${role} exited with ${code}: ${output}`)))
        })
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
        return { role, child, started, exited, output: () => output }
      }
      const running: Array<ReturnType<typeof start>> = []
      /** What `p` resolves to, or a failure naming `what` and every process's output after `ms`. */
      const within = <T>(ms: number, what: string, p: Promise<T>) =>
        Promise.race([
          p,
          new Promise<never>((_, reject) =>
            setTimeout(
              () =>
                reject(
                  new Error(
                    `${what}: not within ${ms} ms\n${running.map((r) => `--- ${r.role}\n${r.output()}`).join('\n')}`,
                  ),
                ),
              ms,
            ),
          ),
        ])
      try {
        // Two APIs at once on a fresh database: one migrates and loads the demo company, the other waits for
        // each step and finds it done.
        const api = start('api', /Doorstep listening on (http:\/\/\S+)/)
        const api2 = start('api', /Doorstep listening on (http:\/\/\S+)/)
        running.push(api, api2)
        const [[, base]] = await within(
          90_000,
          'apis started',
          Promise.all([api.started, api2.started]),
        )
        const client = new pg.Client({ connectionString: database.url })
        await client.connect()
        const tenants = await client
          .query('select count(*)::int as n from tenant')
          .finally(() => client.end())
        expect(tenants.rows).toEqual([{ n: 1 }])
        // No relay ticking every few seconds: only the process's own hold keeps it up once its pools go idle.
        const worker = start('worker', /Doorstep background work running/, {
          DOORSTEP_NOTIFY_INTERVAL_MS: '0',
        })
        running.push(worker)
        await within(30_000, 'worker started', worker.started)
        expect(api.output()).toContain('role api')
        expect(worker.output()).toContain('role worker')
        expect(worker.output()).not.toContain('Doorstep listening on')
        // Past the pools' idle time (10 s), its connections closed, the worker is still up.
        await new Promise((resolve) => setTimeout(resolve, 11_000))
        expect(worker.child.exitCode, worker.output()).toBeNull()
        const health = await fetch(`${base}/api/v1/health`)
        expect(health.status).toBe(200)
        for (const r of running) r.child.kill('SIGTERM')
        for (const r of running) expect(await within(20_000, `${r.role} stopped`, r.exited)).toBe(0)
        const loaded = [api, api2].filter((r) => r.output().includes('Demo company created'))
        expect(loaded).toHaveLength(1)
      } finally {
        for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL')
        await database.drop()
      }
    },
    120_000,
  )
})
