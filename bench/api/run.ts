// API load benchmark (a benchmark, not a test: it prints figures and never fails on a time).
//
//   node --import tsx bench/api/run.ts                 # 100 000 customers, 1 000 000 orders + 9 small tenants
//   node --import tsx bench/api/run.ts --quick         # 5 000 customers, 50 000 orders, 5 s per point
//   node --import tsx bench/api/run.ts --customers 20000 --orders 200000 --db doorstep_bench_200k
//   options: --connections 1,10,50,100  --duration 10  --only 'list|bare' (a pattern, or a name as written)  --seed-only  --log-level info
//            --profile filtered (CPU profile of the app under the case whose name holds it, at 50 connections)
//
// Seeds PostgreSQL (127.0.0.1:5432, user postgres; BENCH_PG_URL to change) in its own database, resuming an
// interrupted seed; starts the real app and a bare Fastify + pg server as child processes; signs in as the main
// tenant's administrator; loads each endpoint with autocannon at rising concurrency; prints a table and writes
// it, with the plans of the list query, to bench/api/results/.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import type { RequestSpec, Result } from 'autocannon'
import pg from 'pg'
import {
  DEFAULT_WINDOW_HOURS,
  addDays,
  dayWindows,
  lastBookableDate,
  localDate,
} from '@doorstep/domain'
import {
  DEFAULT_DB,
  MAIN_SLUG,
  PASSWORD,
  adminLogin,
  databaseUrl,
  ensureDatabase,
} from './config.ts'
import type { Scale } from './seed.ts'
import { seed } from './seed.ts'
import { summarizeProfile } from './profile.ts'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    customers: { type: 'string' },
    orders: { type: 'string' },
    'small-tenants': { type: 'string', default: '9' },
    days: { type: 'string', default: '365' },
    db: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '1,10,50,100' },
    only: { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
    profile: { type: 'string' },
  },
})

const scale: Scale = {
  customers: Number(args.customers ?? (args.quick ? 5000 : 100_000)),
  orders: Number(args.orders ?? (args.quick ? 50_000 : 1_000_000)),
  smallTenants: Number(args['small-tenants']),
  days: Number(args.days),
}
const dbName =
  args.db ??
  (args.customers || args.orders || args.quick
    ? `${DEFAULT_DB}_${scale.customers}_${scale.orders}`
    : DEFAULT_DB)
const duration = Number(args.duration ?? (args.quick ? 5 : 10))
const connections = args.connections.split(',').map(Number)
// A case's name as written ('POST /orders (booking)', whose parentheses a pattern reads as a group) or a pattern.
const only = args.only ? { text: args.only, pattern: new RegExp(args.only) } : null
const chosen = (name: string) => !only || name.includes(only.text) || only.pattern.test(name)
const HERE = import.meta.dirname
const TZ = 'Asia/Shanghai'
// Bookings a benchmark day takes: about half of what the main tenant's crews can serve in a day (~900).
const BOOKINGS_PER_DAY = 400
/** How many of the emptiest days within the booking horizon a run books into (in turn, a week at a time). */
const BOOKING_DAYS = 90

// ---------------------------------------------------------------------------------------------------------
// Servers

async function start(mode: 'app' | 'bare', url: string, execArgv: string[] = []) {
  const child = fork(path.join(HERE, 'server.ts'), [mode, url, args['log-level']], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { address: string }) => resolve(m.address))
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
  return { child, address }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

// ---------------------------------------------------------------------------------------------------------
// What the requests are made of

interface Targets {
  tenantId: string
  listQueries: string[]
  page2Queries: string[]
  bareListQueries: string[]
  bareList2Queries: string[]
  orderIds: string[]
  addresses: Array<{ id: string; customerId: string }>
  availabilityDates: string[]
  bookingDays: string[]
  itemId: string
}

const qs = (o: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(o).flatMap(([k, v]): Array<[string, string]> =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  ).toString()

async function targets(client: pg.Client): Promise<Targets> {
  const one = async <T>(text: string, values: unknown[] = []) =>
    (await client.query<T & pg.QueryResultRow>(text, values)).rows
  const [tenant] = await one<{ id: string }>('select id from tenant where slug = $1', [MAIN_SLUG])
  const tenantId = tenant!.id
  const projects = await one<{ id: string }>(
    'select id from project where tenant_id = $1 order by code',
    [tenantId],
  )
  const [item] = await one<{ id: string }>(
    `select id from service_item where tenant_id = $1 and code = 'CLEAN-DAILY'`,
    [tenantId],
  )
  const [{ n } = { n: '0' }] = await one<{ n: string }>(
    'select count(*) as n from service_order where tenant_id = $1',
    [tenantId],
  )
  const percent = Math.min(100, (5000 / Math.max(1, Number(n))) * 100)
  const orderIds = (
    await one<{ id: string }>(
      `select id from service_order tablesample bernoulli (${percent.toFixed(4)}) where tenant_id = $1 limit 5000`,
      [tenantId],
    )
  ).map((r) => r.id)
  const addresses = (
    await one<{ id: string; customer_id: string }>(
      'select id, customer_id from customer_address where tenant_id = $1 order by md5(id::text) limit 20000',
      [tenantId],
    )
  ).map((r) => ({ id: r.id, customerId: r.customer_id }))
  const today = localDate(new Date(), TZ)
  // The order list as a project's manager reviews it: finished orders of one project over one month, 20 a page.
  const filters = projects.flatMap((p) =>
    [30, 60, 90].map((back) => ({
      status: 'completed,reviewed',
      projectId: p.id,
      from: addDays(today, -back - 30),
      to: addDays(today, -back),
    })),
  )
  // Bookings go to the emptiest days between two weeks out and the booking horizon (180 days), in date order,
  // so that each run finds room: runs used to book on after the last booked day, and after a few full runs that
  // was past the horizon, where every booking is refused.
  const bookingDays = (
    await one<{ day: string }>(
      `select d::date::text as day
         from generate_series($2::date, $3::date, interval '1 day') d
        order by (select count(*) from service_order o
                   where o.tenant_id = $1
                     and o.window_start >= d::date::timestamp at time zone 'Asia/Shanghai'
                     and o.window_start < (d::date + 1)::timestamp at time zone 'Asia/Shanghai'), d
        limit ${BOOKING_DAYS}`,
      [tenantId, addDays(today, 15), lastBookableDate(today)],
    )
  )
    .map((r) => r.day)
    .sort()
  return {
    tenantId,
    listQueries: filters.map((f) => `/api/v1/orders?${qs({ ...f, limit: 20 })}`),
    page2Queries: [],
    bareListQueries: filters.map((f) => `/bare/${tenantId}/orders?${qs(f)}`),
    bareList2Queries: [],
    orderIds,
    addresses,
    availabilityDates: Array.from({ length: 14 }, (_, i) => addDays(today, i + 1)),
    bookingDays,
    itemId: item!.id,
  }
}

// ---------------------------------------------------------------------------------------------------------
// Load

interface Point {
  endpoint: string
  connections: number
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  statuses: Record<string, number>
  /** The 1-minute load average right after the point: the machine is shared. */
  load: number
  /**
   * CPU milliseconds per request of the server that answered and of all PostgreSQL processes, over the point
   * (Linux only; null elsewhere). Steadier than req/s on a machine whose speed drifts, and it says which side
   * a change relieved.
   */
  serverMsPerRequest: number | null
  postgresMsPerRequest: number | null
  /** CPU milliseconds per request of this process, the load generator: taken from the same two cores. */
  clientMsPerRequest: number
}

// Linux reports process times in ticks of USER_HZ, 100 on every architecture Node runs on.
const USER_HZ = 100

/** Ticks of CPU (user + system) used so far by process `pid`, or 0 if it is gone. */
function ticksOf(pid: string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/** Ticks used so far by the process `pid` and by each PostgreSQL process (by pid); null without /proc. */
function cpuTicks(
  pid: number | undefined,
): { server: number; postgres: Map<string, number> } | null {
  if (pid === undefined || !fs.existsSync('/proc/self/stat')) return null
  const postgres = new Map<string, number>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        postgres.set(entry, ticksOf(entry))
    } catch {
      // A process that ended while the list was read.
    }
  }
  return { server: ticksOf(String(pid)), postgres }
}

let sequence = 0
/** Requests that each take the next value of a rotation (URLs, ids, bodies), shared by all connections. */
function rotating(make: (i: number) => RequestSpec): RequestSpec[] {
  return [
    {
      setupRequest: (request) => ({ ...request, ...make(sequence++) }),
    },
  ]
}

async function load(
  base: string,
  endpoint: string,
  conns: number,
  requests: RequestSpec[],
  headers: Record<string, string>,
  seconds = duration,
  serverPid?: number,
): Promise<Point> {
  const before = cpuTicks(serverPid)
  const client = process.cpuUsage()
  const result: Result = await autocannon({
    url: base,
    connections: conns,
    duration: seconds,
    headers,
    requests,
    timeout: 30,
  })
  return {
    endpoint,
    connections: conns,
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]),
    ),
    load: Math.round(os.loadavg()[0]! * 10) / 10,
    ...cpuPerRequest(before, cpuTicks(serverPid), result.requests.total),
    clientMsPerRequest: msPer(process.cpuUsage(client), result.requests.total),
  }
}

function msPer({ user, system }: NodeJS.CpuUsage, requests: number) {
  return requests ? Math.round((user + system) / 10 / requests) / 100 : 0
}

function cpuPerRequest(
  before: ReturnType<typeof cpuTicks>,
  after: ReturnType<typeof cpuTicks>,
  requests: number,
) {
  if (!before || !after || requests === 0)
    return { serverMsPerRequest: null, postgresMsPerRequest: null }
  // Per process: a backend that ended during the point (an idle pool connection closing) would otherwise take
  // its whole history out of the sum; one that started counts from zero.
  let postgres = 0
  for (const [pid, ticks] of after.postgres) postgres += ticks - (before.postgres.get(pid) ?? 0)
  const ms = (ticks: number) => Math.round(((ticks / USER_HZ) * 1000 * 100) / requests) / 100
  return {
    serverMsPerRequest: ms(after.server - before.server),
    postgresMsPerRequest: ms(postgres),
  }
}

async function signIn(base: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: adminLogin(MAIN_SLUG), password: PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('ds_session='))!
    .split(';')[0]!
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { cookie, 'x-csrf-token': csrfToken }
}

async function expectOk(
  base: string,
  url: string,
  headers: Record<string, string>,
  init?: RequestInit,
) {
  const res = await fetch(`${base}${url}`, { ...init, headers: { ...headers, ...init?.headers } })
  const body = await res.text()
  if (res.status >= 300) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${body}`)
  return JSON.parse(body) as unknown
}

function table(points: Point[]) {
  const rows = [
    [
      'endpoint',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'non-2xx',
      'load',
      'srv ms/req',
      'pg ms/req',
      'client ms/req',
      'statuses',
    ],
    ...points.map((p) => [
      p.endpoint,
      String(p.connections),
      String(p.rps),
      String(p.p50),
      String(p.p99),
      String(p.non2xx + p.errors),
      String(p.load),
      String(p.serverMsPerRequest ?? '–'),
      String(p.postgresMsPerRequest ?? '–'),
      String(p.clientMsPerRequest),
      Object.entries(p.statuses)
        .map(([k, v]) => `${k}×${v}`)
        .join(' '),
    ]),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map((r, n) =>
      [
        ...r.map((c, i) =>
          i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!),
        ),
      ]
        .join('  ')
        .concat(n === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : ''),
    )
    .join('\n')
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  await ensureDatabase(dbName)
  const url = databaseUrl(dbName)
  console.log(
    `database ${dbName}: ${scale.customers} customers, ${scale.orders} orders in ${MAIN_SLUG}, ${scale.smallTenants} small tenants`,
  )
  const counts = await seed(url, scale)
  for (const c of counts) console.log(`  ${c.slug}: ${c.customers} customers, ${c.orders} orders`)
  if (args['seed-only']) return

  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // Each run's bookings leave dead rows in the queue-like tables (audit_pending, idempotency keys, the outbox);
  // where autovacuum is off (as on the machines these runs were made on), they pile up run after run and
  // every later run measures the bloat. Each run starts from the state autovacuum would keep.
  const [{ autovacuum }] = (await client.query<{ autovacuum: string }>('show autovacuum')).rows as [
    { autovacuum: string },
  ]
  await client.query(
    'vacuum (analyze) audit_pending, audit_head, idempotency_key, order_counter, outbox_event, order_event, service_order',
  )
  console.log(`vacuumed the written tables (autovacuum is ${autovacuum} on this server)`)
  const t = await targets(client)
  const app = await start('app', url)
  const bare = await start('bare', url)
  const pidOf = (base: string) => (base === app.address ? app.child : bare.child).pid
  const points: Point[] = []
  const runId = Date.now().toString(36)
  const plans: string[] = []
  try {
    const session = await signIn(app.address)
    const read = { cookie: session.cookie }
    const write = { ...session, 'content-type': 'application/json' }

    // Second pages: the cursor each first page hands out (the app's own answer).
    for (const q of t.listQueries) {
      const page = (await expectOk(app.address, q, read)) as { nextCursor: string | null }
      if (page.nextCursor) t.page2Queries.push(`${q}&cursor=${page.nextCursor}`)
    }
    for (const [i, q] of t.bareListQueries.entries()) {
      const page = (await expectOk(bare.address, q, {})) as { nextCursor: string | null }
      if (page.nextCursor && t.page2Queries[i])
        t.bareList2Queries.push(`${q}&cursor=${page.nextCursor}`)
    }
    const availability = (i: number) => {
      const a = t.addresses[i % t.addresses.length]!
      return `/api/v1/availability?${qs({ serviceItemId: t.itemId, addressId: a.id, date: t.availabilityDates[i % t.availabilityDates.length] })}`
    }
    // Bookings sent so far (the request sequence counts every case's requests).
    let booked = 0
    const booking = (i: number) => {
      const a = t.addresses[i % t.addresses.length]!
      // A week of days at a time, moving on a day every BOOKINGS_PER_DAY bookings: each day ends about half
      // full, so refusals (409, cheaper than a booking) stay what contention makes them, however fast the
      // server books. A fixed set of days used to fill within a run, and then most answers were refusals.
      const n = booked++
      const date =
        t.bookingDays[(Math.floor(n / BOOKINGS_PER_DAY) + (n % 7)) % t.bookingDays.length]!
      const windows = dayWindows(date, TZ, DEFAULT_WINDOW_HOURS)
      const window = windows[i % windows.length]!
      return {
        method: 'POST',
        path: '/api/v1/orders',
        headers: { ...write, 'idempotency-key': `bench-${runId}-${i}` },
        body: JSON.stringify({
          customerId: a.customerId,
          addressId: a.id,
          serviceItemId: t.itemId,
          quantityMilli: 3000,
          addons: [],
          windowStart: new Date(window.start).toISOString(),
          asap: false,
          channel: 'phone',
          payOnSite: true,
          discountFen: 0,
          notes: '',
        }),
      }
    }
    // Every kind of request answers before it is loaded.
    await expectOk(app.address, t.page2Queries[0] ?? t.listQueries[0]!, read)
    await expectOk(app.address, `/api/v1/orders/${t.orderIds[0]}`, read)
    await expectOk(app.address, availability(0), read)
    await expectOk(bare.address, `/bare/${t.tenantId}/orders/${t.orderIds[0]}`, {})

    const cases: Array<{
      name: string
      base: string
      requests: RequestSpec[]
      headers: Record<string, string>
    }> = [
      {
        name: 'bare: order by id (pk)',
        base: bare.address,
        requests: rotating((i) => ({
          path: `/bare/${t.tenantId}/orders/${t.orderIds[i % t.orderIds.length]}`,
        })),
        headers: {},
      },
      {
        name: 'bare: order list query',
        base: bare.address,
        requests: rotating((i) => ({ path: t.bareListQueries[i % t.bareListQueries.length]! })),
        headers: {},
      },
      {
        name: 'bare: order list query, page 2',
        base: bare.address,
        requests: rotating((i) => ({ path: t.bareList2Queries[i % t.bareList2Queries.length]! })),
        headers: {},
      },
      {
        name: 'GET /orders (filtered, 20)',
        base: app.address,
        requests: rotating((i) => ({ path: t.listQueries[i % t.listQueries.length]! })),
        headers: read,
      },
      {
        name: 'GET /orders page 2 (cursor)',
        base: app.address,
        requests: rotating((i) => ({ path: t.page2Queries[i % t.page2Queries.length]! })),
        headers: read,
      },
      {
        name: 'GET /orders/:id',
        base: app.address,
        requests: rotating((i) => ({
          path: `/api/v1/orders/${t.orderIds[i % t.orderIds.length]}`,
        })),
        headers: read,
      },
      {
        name: 'GET /availability',
        base: app.address,
        requests: rotating((i) => ({ path: availability(i) })),
        headers: read,
      },
      {
        name: 'POST /orders (booking)',
        base: app.address,
        requests: rotating(booking),
        headers: {},
      },
    ]
    for (const c of cases) {
      if (!chosen(c.name)) continue
      if (c.requests.length === 0) continue
      const health = c.base === bare.address ? '/bare/health' : '/api/v1/health'
      await settle(client, c.base, health)
      // A short warm-up (JIT, caches, connections), not recorded.
      await load(c.base, c.name, 10, c.requests, c.headers, 2)
      for (const conns of connections) {
        await settle(client, c.base, health)
        const point = await load(
          c.base,
          c.name,
          conns,
          c.requests,
          c.headers,
          duration,
          pidOf(c.base),
        )
        points.push(point)
        console.log(
          `${c.name.padEnd(32)} c=${String(conns).padStart(3)}  ${String(point.rps).padStart(6)} req/s  p50 ${point.p50} ms  p99 ${point.p99} ms  cpu/req server ${point.serverMsPerRequest ?? '–'} ms, postgres ${point.postgresMsPerRequest ?? '–'} ms, client ${point.clientMsPerRequest} ms  ${JSON.stringify(point.statuses)}${point.errors ? `  errors ${point.errors}` : ''}`,
        )
      }
    }

    if (args.profile) {
      const name = args.profile
      const c = cases.find((x) => x.name.includes(name) && x.base === app.address)
      if (c) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doorstep-bench-prof-'))
        const profiled = await start('app', url, ['--cpu-prof', `--cpu-prof-dir=${dir}`])
        const session2 = await signIn(profiled.address)
        const headers = c.headers.cookie ? { ...c.headers, ...session2 } : c.headers
        await load(profiled.address, c.name, 50, c.requests, headers)
        await stop(profiled.child)
        const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
        if (file) {
          console.log(`\nCPU profile of the app under ${c.name}, 50 connections (self time):`)
          console.log(summarizeProfile(path.join(dir, file)))
        }
      }
    }

    plans.push(...(await explainList(client, t)))
  } finally {
    await stop(app.child)
    await stop(bare.child)
    await client.end()
  }

  console.log(`\n${table(points)}\n`)
  const best = (name: string) =>
    Math.max(0, ...points.filter((p) => p.endpoint === name).map((p) => p.rps))
  const at1 = (name: string) => points.find((p) => p.endpoint === name && p.connections === 1)?.p50
  const list = best('GET /orders (filtered, 20)')
  const bareList = best('bare: order list query')
  const barePk = best('bare: order by id (pk)')
  if (list && bareList)
    console.log(
      `order list cost vs the bare list query: ${(bareList / list).toFixed(2)}× at peak throughput` +
        (at1('GET /orders (filtered, 20)') && at1('bare: order list query')
          ? `, ${(at1('GET /orders (filtered, 20)')! / at1('bare: order list query')!).toFixed(2)}× in p50 latency at 1 connection`
          : ''),
    )
  if (list && barePk)
    console.log(
      `order list cost vs the bare primary-key route: ${(barePk / list).toFixed(2)}× at peak throughput`,
    )
  const load1 = os.loadavg()[0]!.toFixed(2)
  console.log(
    `load average after the run: ${load1}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
  )

  const out = path.join(HERE, 'results')
  fs.mkdirSync(out, { recursive: true })
  const stamp = `${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}-${scale.customers}c-${scale.orders}o`
  const json = `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadAfter: os.loadavg(), autovacuum, scale, counts, duration, points, plans }, null, 2)}\n`
  // Named to the second, and never over an existing file (two runs in one minute once wrote over a kept
  // result): a name taken gets a number.
  let file = ''
  for (let n = 1; !file; n++) {
    const candidate = path.join(out, `${stamp}${n > 1 ? `-${n}` : ''}.json`)
    try {
      fs.writeFileSync(candidate, json, { flag: 'wx' })
      file = candidate
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  console.log(`results: ${path.relative(process.cwd(), file)}`)
}

/**
 * Waits until the previous point's abandoned requests are done: autocannon stops sending at the end of a
 * point, but slow requests already queued in the server (and their queries) run on and would be measured
 * against the next point.
 */
async function settle(client: pg.Client, base: string, health: string) {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
       where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`,
    )
    const started = performance.now()
    const ok = await fetch(`${base}${health}`).then((r) => r.ok)
    if (Number(rows[0]!.n) === 0 && ok && performance.now() - started < 100) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** EXPLAIN ANALYZE of the list's query as the app runs it: as the app role, under row-level security. */
async function explainList(client: pg.Client, t: Targets) {
  const plans: string[] = []
  const sample = t.listQueries[0]!
  const params = new URLSearchParams(sample.split('?')[1])
  const page2 = new URLSearchParams(t.page2Queries[0]?.split('?')[1] ?? '').get('cursor')
  for (const cursor of [null, page2]) {
    await client.query('begin')
    await client.query(
      `select set_config('app.tenant_id', $1, true), set_config('role', 'doorstep_app', true)`,
      [t.tenantId],
    )
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) select * from service_order
       where status in ('completed', 'reviewed') and window_start >= $1 and window_start < $2 and project_id = $3
         ${cursor ? 'and window_start <= $4 and (window_start, id) < ($4, $5::uuid)' : ''}
       order by window_start desc, id desc limit 21`,
      [
        `${params.get('from')}T00:00:00+08:00`,
        new Date(Date.parse(`${params.get('to')}T00:00:00+08:00`) + 86_400_000).toISOString(),
        params.get('projectId'),
        ...(cursor
          ? [new Date(Number(cursor.split('_')[0])).toISOString(), cursor.split('_')[1]]
          : []),
      ],
    )
    await client.query('rollback')
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
    plans.push(plan)
    console.log(`\nEXPLAIN ANALYZE, order list ${cursor ? 'page 2' : 'page 1'}:\n${plan}`)
  }
  return plans
}

await main()
