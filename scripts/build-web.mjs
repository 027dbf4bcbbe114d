// Builds the web apps the server serves, only when their sources are newer than the last build, so
// `npm start` is quick after the first time. `--force` always builds.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const shared = ['packages/ui/src', 'packages/api-client/src', 'packages/contracts/src', 'packages/domain/src']
const apps = ['admin', 'portal'].map((name) => ({
  workspace: `@doorstep/${name}`,
  output: `apps/${name}/dist/index.html`,
  sources: [`apps/${name}/src`, `apps/${name}/index.html`, `apps/${name}/vite.config.ts`, ...shared],
}))

const newest = (target) => {
  const full = path.join(root, target)
  if (!fs.existsSync(full)) return 0
  const stat = fs.statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  return fs
    .readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0)
}

const force = process.argv.includes('--force')
for (const app of apps) {
  if (!fs.existsSync(path.join(root, path.dirname(app.output), '..', 'package.json'))) continue
  const built = fs.existsSync(path.join(root, app.output))
    ? fs.statSync(path.join(root, app.output)).mtimeMs
    : 0
  if (!force && built > 0 && built >= Math.max(...app.sources.map(newest))) continue
  console.log(`Building ${app.workspace} …`)
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', app.workspace], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
