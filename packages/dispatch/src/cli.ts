// doorstep-dispatch solve <file> --format solomon|vroom|doorstep --time-limit <s> [--threads n] [--seed n]
//                         [--objective distance|vehicles] [--iterations n] [--balance w]
// doorstep-dispatch verify <problem> <solution> [--format …]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { Problem } from './model.ts'
import { parseDoorstep } from './formats/doorstep.ts'
import { FormatError, parseSolomon } from './formats/solomon.ts'
import { isVroomProblem, parseVroomProblem } from './formats/vroom-problem.ts'
import { parseVroomSolution, toVroomSolution } from './formats/vroom-solution.ts'
import { solve } from './solve.ts'
import { verify } from './verify.ts'

type Format = 'solomon' | 'vroom' | 'doorstep'

const USAGE = `usage:
  doorstep-dispatch solve <file> [--format solomon|vroom|doorstep] [--time-limit <s>] [--threads <n>]
                          [--seed <n>] [--objective distance|vehicles] [--iterations <n>] [--balance <w>]
  doorstep-dispatch verify <problem> <solution> [--format solomon|vroom|doorstep]`

function guessFormat(file: string, text: string): Format {
  if (!text.trimStart().startsWith('{')) return 'solomon'
  if (file.endsWith('.txt')) return 'solomon'
  const json: unknown = JSON.parse(text)
  return isVroomProblem(json) ? 'vroom' : 'doorstep'
}

export function loadProblem(file: string, format?: string): Problem {
  const text = readFileSync(file, 'utf8')
  const f = (format ?? guessFormat(file, text)) as Format
  switch (f) {
    case 'solomon':
      return parseSolomon(text)
    case 'vroom':
      return parseVroomProblem(JSON.parse(text))
    case 'doorstep':
      return parseDoorstep(JSON.parse(text))
    default:
      throw new FormatError(`unknown format ${String(f)} (solomon, vroom or doorstep)`)
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'time-limit': { type: 'string', default: '2' },
      threads: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      objective: { type: 'string', default: 'distance' },
      iterations: { type: 'string' },
      balance: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, ...files] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return command ? 0 : 2
  }
  if (command === 'solve') {
    const [file] = files
    if (!file) throw new FormatError('solve needs a problem file')
    if (values.objective !== 'distance' && values.objective !== 'vehicles')
      throw new FormatError('--objective must be distance or vehicles')
    const problem = loadProblem(file, values.format)
    const started = performance.now()
    const result = await solve(problem, {
      threads: Number(values.threads),
      seed: Number(values.seed),
      objective: values.objective,
      balance: Number(values.balance),
      ...(values.iterations
        ? { iterations: Number(values.iterations) }
        : { timeLimitMs: Number(values['time-limit']) * 1000 }),
    })
    const solution = toVroomSolution(problem, result.plan, performance.now() - started)
    console.log(JSON.stringify(solution, null, 2))
    return 0
  }
  if (command === 'verify') {
    const [problemFile, solutionFile] = files
    if (!problemFile || !solutionFile) throw new FormatError('verify needs <problem> <solution>')
    const problem = loadProblem(problemFile, values.format)
    const solution = parseVroomSolution(JSON.parse(readFileSync(solutionFile, 'utf8')))
    const report = verify(problem, solution)
    if (report.ok) {
      console.log(
        `ok: ${report.vehicles} routes, ${report.assigned} jobs assigned, ${report.unassigned} unassigned, ` +
          `distance ${report.distance.toFixed(4)}, travel time ${report.duration.toFixed(4)}`,
      )
      return 0
    }
    console.error(`${report.violations.length} violation(s):`)
    for (const v of report.violations) console.error(`  - ${v}`)
    return 1
  }
  console.error(USAGE)
  return 2
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (error instanceof FormatError || error instanceof SyntaxError) {
    console.error(`doorstep-dispatch: ${error.message}`)
    process.exitCode = 2
  } else throw error
}
