import { Command, Option } from 'commander'
import type { z } from 'zod'
import { BUILTIN_ROLE_KEYS } from '@doorstep/domain'
import { CreateTenantRequest, CreateUserRequest } from '@doorstep/contracts'
import type { Core } from './app.ts'
import { VERSION, buildApp, buildCore, startBackgroundWork } from './app.ts'
import { verifyAuditChain } from './platform/audit/audit.ts'
import { systemContext } from './platform/auth/system-context.ts'
import { ConfigError, loadConfig } from './platform/config.ts'
import { rotateKeys } from './platform/crypto/rotation.ts'
import { AppError } from './platform/errors.ts'
import { RequestValidationError, fieldProblems } from './platform/http/validation.ts'
import type { Locale } from './platform/i18n.ts'
import type { DemoResult } from './modules/demo/index.ts'
import { DEMO_SLUG, readablePassword, seedDemo } from './modules/demo/index.ts'

const program = new Command('doorstep')
  .description('Doorstep: home-service and property-management platform')
  .version(VERSION.version)

/** The operator's language: English when LANG says so, Chinese otherwise (as the web apps default). */
const cliLocale = (): Locale => (process.env.LANG?.startsWith('en') ? 'en' : 'zh-CN')

/** Bad options, one line each, in the words the API would use for the same field. */
function explain(issues: readonly z.core.$ZodIssue[], name: (path: PropertyKey[]) => string) {
  const problems = fieldProblems(new RequestValidationError('body', issues), cliLocale())
  issues.forEach((issue, i) => console.error(`  ${name(issue.path)}: ${problems[i]!.message}`))
}

/** Runs a command with the core built, closes the database after, and turns known errors into a message. */
function withCore(run: (core: Core) => Promise<number | void>) {
  return async () => {
    let core: Core | undefined
    try {
      core = await buildCore(loadConfig(process.env))
      process.exitCode = (await run(core)) ?? 0
    } catch (error) {
      if (error instanceof ConfigError || error instanceof AppError) {
        console.error(
          error instanceof AppError
            ? `${error.code}: ${error.localized('zh-CN')} / ${error.localized('en')}`
            : error.message,
        )
        if (error instanceof AppError && error.fields)
          for (const f of error.fields) console.error(`  ${f.field}: ${f.message}`)
        process.exitCode = 2
      } else throw error
    } finally {
      await core?.database.close()
    }
  }
}

function printDemo(url: string, demo: DemoResult) {
  console.log('\n  演示公司已创建 · Demo company created')
  console.log(`  管理后台 Admin console: ${url}/admin/`)
  console.log(`  登录 Login: admin   密码 Password: ${demo.password}`)
  if (demo.business) {
    const b = demo.business
    console.log(
      `  ${b.items} 项服务 services · ${b.workers} 名师傅 workers · ${b.customers} 位客户 customers · ${b.orders} 个订单 orders`,
    )
  }
  console.log(
    `  其他角色 Other roles (same password): ${demo.logins
      .slice(1)
      .map((l) => `${l.login} (${l.role})`)
      .join(', ')}\n`,
  )
}

/** How long `start` waits for requests and passes in flight when told to stop (systemd waits 90 s, then kills). */
const SHUTDOWN_GRACE_MS = 30_000

/** What `start` runs: everything (one process, the default), or one side of it, for running several processes. */
const ROLES = ['all', 'api', 'worker'] as const
type Role = (typeof ROLES)[number]

program
  .command('start')
  .description(
    'Run the server (API, background work and web console); loads the demo company on first start',
  )
  .addOption(
    new Option(
      '--role <role>',
      'all: API, web console and background work; api: without the background work; worker: only the background work (both need PostgreSQL)',
    )
      .choices(ROLES)
      .default('all'),
  )
  .action(async ({ role }: { role: Role }) => {
    const config = loadConfig(process.env)
    if (role !== 'all' && !config.databaseUrl) {
      // The embedded database belongs to one process: a second one could not open it.
      console.error(
        cliLocale() === 'en'
          ? `--role ${role}: needs DOORSTEP_DATABASE_URL (PostgreSQL); the embedded database serves one process, so run it with --role all`
          : `--role ${role}：需要设置 DOORSTEP_DATABASE_URL（PostgreSQL）；内置数据库只能由一个进程使用，请使用 --role all`,
      )
      process.exit(2)
    }
    const core = await buildCore(config)
    // APIs started together on an empty database: the first loads the demo company, the others find it.
    const demo =
      role === 'worker'
        ? null
        : await core.database.alone('first-start', async () =>
            !(await core.tenancy.service.anyTenant())
              ? seedDemo(core.demo, config.adminPassword ?? readablePassword())
              : null,
          )
    const app = role === 'worker' ? null : await buildApp(core)
    const background = role === 'api' ? null : startBackgroundWork(core)
    const shutdown = async (signal: string) => {
      core.log.info({ signal }, 'shutting down: finishing requests in flight')
      // Whatever holds it up (a statement on a connection the database dropped has been seen never to settle),
      // the process ends: what was acknowledged is committed, and the rest is left to the periodic passes.
      setTimeout(() => {
        core.log.error({ signal }, `shutdown not finished after ${SHUTDOWN_GRACE_MS} ms; exiting`)
        process.exit(1)
      }, SHUTDOWN_GRACE_MS).unref()
      await app?.close()
      await background?.stop()
      await core.database.close()
      process.exit(0)
    }
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, (s) => void shutdown(s))
    const started = `Doorstep ${VERSION.version} on Node ${process.version}, database: ${core.database.kind}${core.database.kind === 'pglite' ? ` (${config.dataDir})` : ''}${role === 'all' ? '' : `, role ${role}`}`
    if (!app) {
      // No server socket holds this process open, and the passes' timers do not (they must not keep a CLI or a
      // test alive): without this it would end, with status 0, as soon as its idle connections closed. Shutdown
      // ends the process with process.exit.
      setInterval(() => undefined, 2 ** 30)
      console.log(started)
      console.log('Doorstep background work running (no HTTP in this process)')
      return
    }
    const address = await app.listen({ host: config.host, port: config.port })
    const url = address.replace('[::1]', 'localhost')
    console.log(started)
    console.log(`Doorstep listening on ${url}`)
    console.log(`API docs: ${url}/api/docs`)
    if (demo) printDemo(url, demo)
  })

program
  .command('migrate')
  .description('Apply database migrations (also done at start)')
  .action(
    withCore(() => {
      console.log('Migrations applied.')
      return Promise.resolve()
    }),
  )

program
  .command('seed-demo')
  .description('Create the demo company if it does not exist')
  .action(
    withCore(async (core) => {
      // Not while a starting server loads it into an empty database.
      const demo = await core.database.alone('first-start', async () =>
        (await core.tenancy.service.findTenantBySlug(DEMO_SLUG))
          ? null
          : seedDemo(core.demo, core.config.adminPassword ?? readablePassword()),
      )
      if (demo) printDemo(`http://${core.config.host}:${core.config.port}`, demo)
      else console.log('The demo company exists already.')
    }),
  )

const audit = program.command('audit').description('Audit log tools')
audit
  .command('verify')
  .description("Check every tenant's hash chain; exits 1 naming the first bad entry")
  .option('--tenant <slug>', 'only this tenant')
  .action((options: { tenant?: string }) =>
    withCore(async (core) => {
      const tenants = (await core.tenancy.service.listTenants()).filter(
        (t) => !options.tenant || t.slug === options.tenant,
      )
      if (options.tenant && tenants.length === 0) {
        console.error(`No tenant ${options.tenant}`)
        return 2
      }
      let failed = 0
      for (const t of tenants) {
        const report = await verifyAuditChain(core.database, t.id)
        if (report.ok) console.log(`ok      ${t.slug}: ${report.entries} entries, chain intact`)
        else {
          failed++
          console.log(
            `BROKEN  ${t.slug}: first bad entry #${report.firstBad!.seq}: ${report.firstBad!.reason}`,
          )
        }
      }
      return failed ? 1 : 0
    })(),
  )

const keys = program.command('keys').description('Encryption keys of personal data')
keys
  .command('rotate')
  .description(
    'Make a new data key and re-encrypt every field with it (resumes an interrupted rotation)',
  )
  .action(
    withCore(async (core) => {
      const columns = core.encryptedColumns
      const result = await rotateKeys(core.database, core.keyring, core.masterKey, columns, (p) => {
        process.stdout.write(
          `\r${p.resumed ? 'Resuming' : 'Rotating'} to key ${p.keyId}: ${p.done}/${p.total} fields`,
        )
      })
      console.log(`\nDone: ${result.done} fields now use key ${result.keyId}.`)
    }),
  )

const user = program.command('user').description('Staff accounts')
user
  .command('create')
  .description('Create a staff account in a tenant')
  .requiredOption('--tenant <slug>', 'tenant slug')
  .requiredOption('--login <login>', 'login name')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--password <password>', 'initial password (changed at first sign-in)')
  .addOption(
    new Option('--role <key...>', 'built-in role keys')
      .choices([...BUILTIN_ROLE_KEYS])
      .default(['admin']),
  )
  .option('--phone <phone>', 'mobile phone')
  .action(
    (options: {
      tenant: string
      login: string
      name: string
      password: string
      role: string[]
      phone?: string
    }) =>
      withCore(async (core) => {
        const t = await core.tenancy.service.findTenantBySlug(options.tenant)
        if (!t) {
          console.error(`No tenant ${options.tenant}`)
          return 2
        }
        const parsed = CreateUserRequest.safeParse({
          login: options.login,
          displayName: options.name,
          password: options.password,
          phone: options.phone,
        })
        if (!parsed.success) {
          explain(parsed.error.issues, (path) => `--${String(path[0])}`)
          return 2
        }
        const ctx = systemContext(t.id, 'cli')
        const roles = await core.identity.access.list(ctx, undefined, undefined, 200)
        const roleIds = options.role.map((key) => roles.items.find((r) => r.key === key)!.id)
        const created = await core.identity.users.create(ctx, {
          ...parsed.data,
          roleIds,
          projectIds: [],
        })
        console.log(
          `Created ${created.login} (${created.id}) in ${t.slug} with ${options.role.join(', ')}.`,
        )
      })(),
  )

const tenant = program.command('tenant').description('Companies (tenants)')
tenant
  .command('create')
  .description('Create a company with its built-in roles and first administrator')
  .requiredOption('--slug <slug>', 'short unique name, e.g. acme')
  .requiredOption('--name <name>', 'company name')
  .requiredOption('--admin-login <login>', "first administrator's login")
  .requiredOption('--admin-password <password>', "first administrator's password")
  .option('--time-zone <zone>', 'IANA time zone', 'Asia/Shanghai')
  .action(
    (o: {
      slug: string
      name: string
      adminLogin: string
      adminPassword: string
      timeZone: string
    }) =>
      withCore(async (core) => {
        const parsed = CreateTenantRequest.safeParse({
          slug: o.slug,
          name: o.name,
          timeZone: o.timeZone,
          admin: { login: o.adminLogin, displayName: o.adminLogin, password: o.adminPassword },
        })
        if (!parsed.success) {
          explain(parsed.error.issues, (path) => path.join('.'))
          return 2
        }
        const created = await core.tenancy.service.createTenant(parsed.data)
        console.log(`Created tenant ${created.slug} (${created.id}); sign in as ${o.adminLogin}.`)
      })(),
  )

await program.parseAsync(process.argv)
