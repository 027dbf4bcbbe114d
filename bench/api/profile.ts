// Summarizes a V8 .cpuprofile (node --cpu-prof): self time by package and the busiest functions.
import fs from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

/** Where a script comes from: an npm package, a workspace source folder, or Node itself. */
function origin(url: string): string {
  if (!url) return '(native / idle / gc)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  const src = /\/(apps\/[^/]+\/src\/(?:platform|modules)\/[^/]+|packages\/[^/]+)\//.exec(url)
  if (src) return src[1]!
  if (url.startsWith('node:')) return 'node internals'
  return url.replace(/^file:\/\/.*\/work\/main\//, '')
}

export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[]
    samples: number[]
    timeDeltas: number[]
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  )
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0)
  const byOrigin = new Map<string, number>()
  const byFunction = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!
    const name = n.callFrame.functionName || '(anonymous)'
    const isIdle = name === '(idle)'
    const o = isIdle ? '(idle)' : origin(n.callFrame.url)
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + us)
    const key = `${name} ${o}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`
  const lines = [`total ${(total / 1e6).toFixed(1)} s sampled`, 'by origin:']
  for (const [o, us] of [...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${o}`)
  lines.push('busiest functions (self):')
  for (const [f, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${f}`)
  return lines.join('\n')
}
