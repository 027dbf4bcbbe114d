import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')
const NODE = path.join(ROOT, 'node_modules/.bin/node')
const ADMIN_INDEX = path.join(ROOT, 'apps/admin/dist/index.html')

export interface RunningServer {
  url: string
  adminPassword: string
  dataDir: string
  /** Everything the server printed, for failure messages. */
  output: () => string
  stop: () => Promise<void>
}

/** `npm run test:e2e` builds the console first (scripts/build-web.mjs); running one spec directly may not have. */
function ensureConsoleBuilt() {
  if (existsSync(ADMIN_INDEX)) return
  const result = spawnSync(NODE, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: path.join(ROOT, 'apps/admin'),
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('building apps/admin failed')
}

/**
 * Starts the real Doorstep server on a fresh embedded database under e2e/.tmp and an OS-chosen port; resolves
 * once it prints "Doorstep listening on <url>".
 */
export async function startServer(options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  ensureConsoleBuilt()
  const dataDir = path.join(ROOT, 'e2e/.tmp', `run-${randomBytes(6).toString('hex')}`)
  mkdirSync(dataDir, { recursive: true })
  const adminPassword = `E2e${randomBytes(6).toString('hex')}9`
  const child: ChildProcess = spawn(NODE, ['apps/server/bin/doorstep.mjs', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DOORSTEP_DATA_DIR: dataDir,
      PORT: '0',
      DOORSTEP_ADMIN_PASSWORD: adminPassword,
      DOORSTEP_LOG_LEVEL: process.env.DOORSTEP_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start in time:\n${log}`))
    }, options.timeoutMs ?? 90_000)
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const match = /Doorstep listening on (http:\/\/[^\s]+)/.exec(log)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1].replace(/\/$/, ''))
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${log}`))
    })
  })

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, adminPassword, dataDir, output: () => log, stop }
}
