// A server for the benchmark, in its own process so the load generator does not share its event loop:
//   app  — the real Doorstep server (`buildCore` + `buildApp`) on the benchmark database;
//   bare — Fastify + pg with nothing else: each route is one indexed query (the ceiling on this machine).
// It tells its parent the port it listens on through the IPC channel.
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp, buildCore } from '../../apps/server/src/app.ts'
import { benchConfig } from './config.ts'

const [mode, url, logLevel] = process.argv.slice(2)
if (!url || (mode !== 'app' && mode !== 'bare')) {
  console.error('usage: server.ts app|bare <database url> [log level]')
  process.exit(2)
}

/** The same pool size as the app's, so both have the same number of connections. */
const POOL_SIZE = benchConfig(url).dbPoolSize

async function bare(databaseUrl: string): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE })
  const app = Fastify({ logger: false })
  // One row by primary key.
  app.get<{ Params: { tenant: string; id: string } }>(
    '/bare/:tenant/orders/:id',
    async (request, reply) => {
      const { rows } = await pool.query(
        'select * from service_order where tenant_id = $1 and id = $2',
        [request.params.tenant, request.params.id],
      )
      if (!rows[0]) return reply.status(404).send({ code: 'NOT_FOUND' })
      return rows[0] as Record<string, unknown>
    },
  )
  // The order list's own query (same filter, same order, same cursor, 21 rows, the same columns and names),
  // without session, transaction or mapping: a date range ordered by service window, latest first, cursor
  // `<epoch ms>_<id>`.
  app.get<{
    Params: { tenant: string }
    Querystring: { projectId: string; status: string; from: string; to: string; cursor?: string }
  }>('/bare/:tenant/orders', async (request) => {
    const q = request.query
    const [ms, id] = q.cursor?.split('_') ?? []
    const { rows } = await pool.query<{ id: string; window_start: Date }>(
      `select id, order_no, status, channel, customer_id, address_id, address_masked, project_id,
         service_item_id, service_name, price_version, quantity_milli, window_start, window_end, asap,
         worker_id, planned_arrival, duration_minutes, pay_on_site, notes, completed_at, warranty_days,
         created_at, version, (price->>'totalFen')::int as total_fen,
         coalesce((select c.name from customer c where c.tenant_id = o.tenant_id and c.id = o.customer_id), '')
           as customer_name,
         coalesce((select c.phone_masked from customer c
           where c.tenant_id = o.tenant_id and c.id = o.customer_id), '') as customer_phone_masked,
         (select w.name from worker w where w.tenant_id = o.tenant_id and w.id = o.worker_id) as worker_name
       from service_order o
       where tenant_id = $1 and status = any($2::text[]) and window_start >= $3 and window_start < $4
         and project_id = $5
         and ($6::timestamptz is null or (window_start <= $6 and (window_start, id) < ($6, $7::uuid)))
       order by window_start desc, id desc limit 21`,
      [
        request.params.tenant,
        q.status.split(','),
        `${q.from}T00:00:00+08:00`,
        new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000).toISOString(),
        q.projectId,
        ms ? new Date(Number(ms)).toISOString() : null,
        id ?? null,
      ],
    )
    const last = rows[19]
    return {
      items: rows.slice(0, 20),
      nextCursor: rows.length > 20 && last ? `${last.window_start.getTime()}_${last.id}` : null,
    }
  })
  app.get('/bare/health', async () => (await pool.query('select 1 as ok')).rows[0] as unknown)
  app.addHook('onClose', () => pool.end())
  return app
}

const app =
  mode === 'app'
    ? await buildApp(await buildCore(benchConfig(url, logLevel ?? 'warn')))
    : await bare(url)
const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.send?.({ address })
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0))
})
