import { sql } from 'drizzle-orm'
import { BUILTIN_ROLES } from '@doorstep/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Executor } from '../../platform/db/database.ts'
import { queryRows } from '../../platform/db/database.ts'
import { migrationDataStatements } from '../../test-support/migration-sql.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  PASSWORD,
  auditCount,
  call,
  createStaff,
  createTestEnv,
  login,
  seedTenant,
} from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let admin: Session

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
})
afterAll(() => env.close())

describe('sign-in', () => {
  it('should return the user, permissions, projects and an HttpOnly SameSite cookie when the password is right', async () => {
    const res = await call(env, null, 'POST', '/api/v1/auth/login', {
      login: t.adminLogin,
      password: PASSWORD,
    })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'ds_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    const body = res.json()
    expect(body.user.login).toBe(t.adminLogin)
    expect(body.permissions).toContainEqual({ permission: 'roles:manage', scope: 'tenant' })
    expect(body.projects).toHaveLength(2)
  })

  it('should refuse a wrong password with INVALID_CREDENTIALS in the caller language', async () => {
    const res = await call(
      env,
      null,
      'POST',
      '/api/v1/auth/login',
      { login: t.adminLogin, password: 'wrong' },
      { 'accept-language': 'en' },
    )
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      title: 'Wrong login or password',
    })
    const unknown = await call(env, null, 'POST', '/api/v1/auth/login', {
      login: 'nobody-here',
      password: 'x',
    })
    expect(unknown.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', title: '账号或密码错误' })
  })

  it('should lock the account after five failures and refuse even the right password while locked', async () => {
    await createStaff(env, admin, {
      login: 'locky',
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[0]!],
    })
    for (let i = 1; i <= 4; i++) {
      const res = await call(env, null, 'POST', '/api/v1/auth/login', {
        login: 'locky',
        password: 'nope',
      })
      expect(res.json().code).toBe('INVALID_CREDENTIALS')
    }
    const fifth = await call(env, null, 'POST', '/api/v1/auth/login', {
      login: 'locky',
      password: 'nope',
    })
    expect(fifth.statusCode).toBe(423)
    expect(fifth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 60 })
    const right = await call(env, null, 'POST', '/api/v1/auth/login', {
      login: 'locky',
      password: PASSWORD,
    })
    expect(right.json().code).toBe('ACCOUNT_LOCKED')
  })

  it('should sign in with the phone number as well as the login', async () => {
    await createStaff(env, admin, {
      login: 'phoney',
      phone: '13812340001',
      roleIds: [],
      projectIds: [],
    })
    const s = await login(env, '13812340001')
    const me = await call(env, s, 'GET', '/api/v1/auth/me')
    // The console shows times in the company's zone, so the session carries it.
    expect(me.json().user).toMatchObject({ login: 'phoney', tenantTimeZone: 'Asia/Shanghai' })
  })

  it('should answer 401 without a session and 403 CSRF_FAILED for a write without the token', async () => {
    expect((await call(env, null, 'GET', '/api/v1/auth/me')).json().code).toBe('UNAUTHENTICATED')
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      headers: { cookie: admin.cookie },
      payload: { name: 'x' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('CSRF_FAILED')
  })

  it('should let a user whose password an admin set only change it, until they do', async () => {
    const res = await call(env, admin, 'POST', '/api/v1/users', {
      login: 'fresh',
      displayName: 'Fresh',
      password: PASSWORD,
      roleIds: [t.roleIds.customer_service],
      projectIds: [t.projectIds[0]],
    })
    expect(res.json().id).toBeDefined()
    const s = await login(env, 'fresh')
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).json().user.mustChangePassword).toBe(true)
    const blocked = await call(env, s, 'GET', '/api/v1/projects')
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED')
    // "Changing" it to itself does not count.
    const same = await call(env, s, 'POST', '/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    })
    expect(same.json().errors[0]).toMatchObject({
      field: 'body.newPassword',
      code: 'password_unchanged',
    })
    expect((await call(env, s, 'GET', '/api/v1/projects')).statusCode).toBe(403)
    await call(env, s, 'POST', '/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'My-own-pass-1',
    })
    expect((await call(env, s, 'GET', '/api/v1/projects')).statusCode).toBe(200)
  })

  it('should end the session at logout', async () => {
    const s = await login(env, t.adminLogin)
    expect((await call(env, s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(200)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401)
  })

  it('should end other sessions when the password changes, and refuse a wrong current password naming the field', async () => {
    await createStaff(env, admin, { login: 'changer', roleIds: [], projectIds: [] })
    const a = await login(env, 'changer')
    const b = await login(env, 'changer')
    const wrong = await call(env, a, 'POST', '/api/v1/auth/password', {
      currentPassword: 'bad',
      newPassword: 'Another-pass-2',
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().errors[0].field).toBe('body.currentPassword')
    const weak = await call(env, a, 'POST', '/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    })
    expect(weak.json().errors[0]).toMatchObject({
      field: 'body.newPassword',
      code: 'password_too_short',
    })
    const ok = await call(env, a, 'POST', '/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Another-pass-2',
    })
    expect(ok.statusCode).toBe(200)
    expect((await call(env, a, 'GET', '/api/v1/auth/me')).statusCode).toBe(200)
    expect((await call(env, b, 'GET', '/api/v1/auth/me')).statusCode).toBe(401)
  })

  it('should end a user session when an admin disables the user, and refuse their sign-in', async () => {
    const u = await createStaff(env, admin, { login: 'leaver', roleIds: [], projectIds: [] })
    const s = await login(env, 'leaver')
    const res = await call(env, admin, 'PATCH', `/api/v1/users/${u.id}`, { status: 'disabled' })
    expect(res.statusCode).toBe(200)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401)
    const again = await call(env, null, 'POST', '/api/v1/auth/login', {
      login: 'leaver',
      password: PASSWORD,
    })
    expect(again.json().code).toBe('ACCOUNT_DISABLED')
  })
})

describe('roles', () => {
  it('should create a role inheriting customer service minus one permission, and resolve it', async () => {
    const res = await call(env, admin, 'POST', '/api/v1/roles', {
      name: '初级客服',
      inherits: [t.roleIds.customer_service],
      denies: ['users:read'],
    })
    expect(res.statusCode).toBe(201)
    const role = res.json()
    const effective = role.effective.map((g: { permission: string }) => g.permission)
    expect(effective).toContain('orders:create')
    expect(effective).not.toContain('users:read')
    expect(res.headers.etag).toBe('"1"')
  })

  it('should refuse to change a built-in role, and a stale If-Match', async () => {
    const builtin = await call(env, admin, 'PATCH', `/api/v1/roles/${t.roleIds.admin}`, {
      name: 'x',
    })
    expect(builtin.json().code).toBe('ROLE_BUILTIN')
    const created = (await call(env, admin, 'POST', '/api/v1/roles', { name: 'v-role' })).json()
    // Names tell roles apart when staff are given them: one of a name, in any case.
    const twin = await call(env, admin, 'POST', '/api/v1/roles', { name: 'V-Role' })
    expect(twin.statusCode).toBe(409)
    expect(twin.json()).toMatchObject({
      code: 'ROLE_NAME_TAKEN',
      errors: [{ field: 'body.name', code: 'role_name_taken' }],
    })
    const atOnce = await Promise.all(
      Array.from({ length: 10 }, () => call(env, admin, 'POST', '/api/v1/roles', { name: '同时' })),
    )
    expect(atOnce.filter((r) => r.statusCode === 201)).toHaveLength(1)
    const first = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/roles/${created.id}`,
      { name: 'v2' },
      { 'if-match': '"1"' },
    )
    expect(first.statusCode).toBe(200)
    const stale = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/roles/${created.id}`,
      { name: 'v3' },
      { 'if-match': '"1"' },
    )
    expect(stale.statusCode).toBe(412)
    expect(stale.json().code).toBe('VERSION_MISMATCH')
  })

  it('should refuse a scope a permission does not have, naming the grant', async () => {
    const res = await call(env, admin, 'POST', '/api/v1/roles', {
      name: 'bad',
      grants: [{ permission: 'roles:manage', scope: 'own' }],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('body.grants.0.scope')
  })

  it('should keep each grant, denial and parent once when a list repeats them', async () => {
    const parent = (await call(env, admin, 'POST', '/api/v1/roles', { name: 'rep-parent' })).json()
    const read = { permission: 'orders:read', scope: 'tenant' }
    const res = await call(env, admin, 'POST', '/api/v1/roles', {
      name: 'repeats',
      inherits: [parent.id, parent.id],
      grants: [read, { permission: 'orders:read', scope: 'own' }, read],
      denies: ['roles:manage', 'roles:manage'],
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({
      inherits: [parent.id],
      grants: [read, { permission: 'orders:read', scope: 'own' }],
      denies: ['roles:manage'],
    })
    const patched = await call(env, admin, 'PATCH', `/api/v1/roles/${res.json().id}`, {
      grants: [read, read],
    })
    expect(patched.json().grants).toEqual([read])
    // A problem still names the index as sent.
    const bad = await call(env, admin, 'PATCH', `/api/v1/roles/${res.json().id}`, {
      grants: [read, read, { permission: 'roles:manage', scope: 'own' }],
    })
    expect(bad.json().errors[0].field).toBe('body.grants.2.scope')
  })

  it('should refuse an inheritance cycle', async () => {
    const a = (await call(env, admin, 'POST', '/api/v1/roles', { name: 'cyc-a' })).json()
    const b = (
      await call(env, admin, 'POST', '/api/v1/roles', { name: 'cyc-b', inherits: [a.id] })
    ).json()
    const res = await call(env, admin, 'PATCH', `/api/v1/roles/${a.id}`, { inherits: [b.id] })
    expect(res.json()).toMatchObject({
      code: 'ROLE_CYCLE',
      errors: [{ field: 'body.inherits', code: 'role_cycle' }],
    })
    // Itself is the shortest cycle, not an unknown role.
    const self = await call(env, admin, 'PATCH', `/api/v1/roles/${a.id}`, { inherits: [a.id] })
    expect(self.json()).toMatchObject({
      code: 'ROLE_CYCLE',
      errors: [{ field: 'body.inherits.0', code: 'role_cycle' }],
    })
  })

  it('should not let a manager grant what they do not hold', async () => {
    const mgr = await call(env, admin, 'POST', '/api/v1/roles', {
      name: 'role-manager',
      grants: [
        { permission: 'roles:manage', scope: 'tenant' },
        { permission: 'roles:read', scope: 'tenant' },
      ],
    })
    await createStaff(env, admin, { login: 'rolemgr', roleIds: [mgr.json().id] })
    const s = await login(env, 'rolemgr')
    const res = await call(env, s, 'POST', '/api/v1/roles', {
      name: 'sneaky',
      inherits: [t.roleIds.admin],
    })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({
      code: 'PERMISSION_NOT_HELD',
      errors: [{ field: 'body.grants', code: 'permission_not_held' }],
    })
    // Named as the role editor names it, with its reach: the code stays in the body for programs.
    expect(res.json().detail).toMatch(/^不能授予您自己没有的权限：全公司范围的“.+”$/)
    expect(res.json().permission).toMatch(/^[a-z-]+:[a-z]+$/)
  })

  it('should refuse to delete a role that someone holds', async () => {
    const r = (await call(env, admin, 'POST', '/api/v1/roles', { name: 'held' })).json()
    await createStaff(env, admin, { login: 'holder', roleIds: [r.id] })
    expect((await call(env, admin, 'DELETE', `/api/v1/roles/${r.id}`)).json().code).toBe(
      'ROLE_IN_USE',
    )
  })
})

describe('users', () => {
  it('should refuse a taken login and a malformed phone, naming the field, and write nothing', async () => {
    const before = await auditCount(env, t.tenantId)
    const taken = await call(env, admin, 'POST', '/api/v1/users', {
      login: t.adminLogin,
      displayName: 'x',
      password: PASSWORD,
    })
    expect(taken.statusCode).toBe(409)
    expect(taken.json().errors[0]).toEqual({
      field: 'body.login',
      code: 'login_taken',
      message: '登录名已被使用',
    })
    const phone = await call(env, admin, 'POST', '/api/v1/users', {
      login: 'newbie',
      displayName: 'x',
      password: PASSWORD,
      phone: '12345',
    })
    expect(phone.json().errors[0]).toMatchObject({ field: 'body.phone', code: 'invalid_phone' })
    expect(await auditCount(env, t.tenantId)).toBe(before)
  })

  it('should mask the phone, reveal it only with permission, and audit the reveal', async () => {
    const u = await createStaff(env, admin, { login: 'masked', phone: '13912345678', roleIds: [] })
    const got = (await call(env, admin, 'GET', `/api/v1/users/${u.id}`)).json()
    expect(got.phoneMasked).toBe('139****5678')
    const revealed = await call(env, admin, 'POST', `/api/v1/users/${u.id}/reveal-phone`)
    expect(revealed.json()).toEqual({ phone: '13912345678' })
    const log = (
      await call(env, admin, 'GET', `/api/v1/audit?action=user.pii_revealed&entityId=${u.id}`)
    ).json()
    expect(log.items).toHaveLength(1)
    // A range of times is compared as moments, whatever offsets they are written in.
    const range = (from: string, to: string) =>
      call(
        env,
        admin,
        'GET',
        `/api/v1/audit?action=user.pii_revealed&entityId=${u.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      )
    const today = new Date().toISOString().slice(0, 10)
    expect((await range(`${today}T00:00:00+08:00`, `${today}T23:59:59Z`)).statusCode).toBe(200)
    const reversed = await range(`${today}T10:00:00Z`, `${today}T10:00:00+08:00`)
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json().errors[0]).toMatchObject({ field: 'query.to', code: 'range_reversed' })
    // Years the database cannot hold are named as such, not left to its overflow.
    for (const [from, to, field] of [
      ['0000-01-01T00:00:00Z', `${today}T23:59:59Z`, 'query.from'],
      [`${today}T00:00:00Z`, '9999-12-31T23:59:59-14:00', 'query.to'],
    ]) {
      const overflow = await range(from!, to!)
      expect(overflow.statusCode, from).toBe(400)
      expect(overflow.json().errors).toEqual([
        expect.objectContaining({ field, code: 'date_out_of_range' }),
      ])
    }
    const cs = await createStaff(env, admin, {
      login: 'cs-reveal',
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[0]!],
    })
    void cs
    const s = await login(env, 'cs-reveal')
    const denied = await call(env, s, 'POST', `/api/v1/users/${u.id}/reveal-phone`)
    expect(denied.statusCode).toBe(403)
  })

  it('should find a user by exact phone through the blind index, and page with a cursor', async () => {
    const found = (await call(env, admin, 'GET', '/api/v1/users?q=13912345678')).json()
    expect(found.items.map((u: { login: string }) => u.login)).toEqual(['masked'])
    const page1 = (await call(env, admin, 'GET', '/api/v1/users?limit=2')).json()
    expect(page1.items).toHaveLength(2)
    const page2 = (
      await call(env, admin, 'GET', `/api/v1/users?limit=2&cursor=${page1.nextCursor}`)
    ).json()
    expect(page2.items[0].id < page1.items[1].id).toBe(true)
    const bad = await call(env, admin, 'GET', '/api/v1/users?cursor=zzz')
    expect(bad.json().errors[0].field).toBe('query.cursor')
    const badRoles = await call(env, admin, 'GET', '/api/v1/roles?cursor=zzz')
    expect(badRoles.statusCode).toBe(400)
    expect(badRoles.json().errors[0].field).toBe('query.cursor')
    // Well formed, but no role of the list: refused, not the first page again.
    const gone = await call(
      env,
      admin,
      'GET',
      '/api/v1/roles?cursor=01900000-0000-7000-8000-000000000000',
    )
    expect(gone.json()).toMatchObject({ code: 'INVALID_CURSOR' })
  })

  it('should show a project-scoped reader only the staff of their projects', async () => {
    const inP1 = await createStaff(env, admin, {
      login: 'in-p1',
      roleIds: [],
      projectIds: [t.projectIds[0]!],
    })
    const inP2 = await createStaff(env, admin, {
      login: 'in-p2',
      roleIds: [],
      projectIds: [t.projectIds[1]!],
    })
    await createStaff(env, admin, {
      login: 'cs-p1',
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[0]!],
    })
    const s = await login(env, 'cs-p1')
    const list = (await call(env, s, 'GET', '/api/v1/users?limit=200')).json()
    const ids = list.items.map((u: { id: string }) => u.id)
    expect(ids).toContain(inP1.id)
    expect(ids).not.toContain(inP2.id)
    expect((await call(env, s, 'GET', `/api/v1/users/${inP2.id}`)).statusCode).toBe(404)
  })

  it('should keep at least one active administrator in a company', async () => {
    const co = await seedTenant(env, 'lastadmin')
    const first = await login(env, co.adminLogin)
    const second = await createStaff(env, first, {
      login: `second-${co.slug}`,
      roleIds: [co.roleIds.admin!],
    })
    const other = await login(env, `second-${co.slug}`)
    const [firstId] = (await call(env, other, 'GET', `/api/v1/users?q=${co.adminLogin}`)).json<{
      items: Array<{ id: string }>
    }>().items
    // One of two may go; then the one left keeps the role and the account.
    expect(
      (await call(env, other, 'PATCH', `/api/v1/users/${firstId!.id}`, { status: 'disabled' }))
        .statusCode,
    ).toBe(200)
    const last = await call(env, other, 'PATCH', `/api/v1/users/${second.id}`, { roleIds: [] })
    expect(last.statusCode).toBe(409)
    expect(last.json().code).toBe('LAST_ADMINISTRATOR')
  })

  it("should let a project's manager change only staff wholly in their projects, and an admin manage worker accounts", async () => {
    const [p1, p2] = [t.projectIds[0]!, t.projectIds[1]!]
    await createStaff(env, admin, {
      login: 'pm-p1',
      roleIds: [t.roleIds.project_manager!],
      projectIds: [p1],
    })
    const pm = await login(env, 'pm-p1')
    const shared = await createStaff(env, admin, {
      login: 'both',
      roleIds: [],
      projectIds: [p1, p2],
    })
    const own = await createStaff(env, admin, { login: 'only-p1', roleIds: [], projectIds: [p1] })
    // Seen through the shared project, not theirs to take from the other one.
    expect((await call(env, pm, 'GET', `/api/v1/users/${shared.id}`)).statusCode).toBe(200)
    for (const [method, url, body] of [
      ['POST', `/api/v1/users/${shared.id}/password`, { newPassword: 'Hijack-pass-1' }],
      ['PATCH', `/api/v1/users/${shared.id}`, { projectIds: [p1] }],
      ['PATCH', `/api/v1/users/${shared.id}`, { status: 'disabled' }],
    ] as const) {
      const res = await call(env, pm, method, url, body)
      expect(res.statusCode, url).toBe(403)
      expect(res.json().code).toBe('USER_BEYOND_SCOPE')
    }
    expect(
      (await call(env, pm, 'PATCH', `/api/v1/users/${own.id}`, { displayName: '改名' })).statusCode,
    ).toBe(200)

    // The worker role is the administrator's to hand out: create, rename, disable, reset.
    const worker = await call(env, admin, 'POST', '/api/v1/users', {
      login: 'new-worker',
      displayName: '新师傅',
      password: PASSWORD,
      roleIds: [t.roleIds.worker!],
      projectIds: [p1],
    })
    expect(worker.statusCode, worker.body).toBe(201)
    const id = worker.json().id
    for (const [method, url, body] of [
      ['PATCH', `/api/v1/users/${id}`, { displayName: '王师傅' }],
      ['POST', `/api/v1/users/${id}/password`, { newPassword: 'Reset-pass-2026' }],
      ['PATCH', `/api/v1/users/${id}`, { status: 'disabled' }],
    ] as const)
      expect((await call(env, admin, method, url, body)).statusCode, url).toBe(200)

    // A project's manager staffs it: its front desk and its workers, there and nowhere else.
    const staffed = async (login: string, role: string, projectIds: string[]) =>
      call(env, pm, 'POST', '/api/v1/users', {
        login,
        displayName: login,
        password: PASSWORD,
        roleIds: [role],
        projectIds,
      })
    for (const [login, role] of [
      ['p1-desk', t.roleIds.customer_service!],
      ['p1-handyman', t.roleIds.worker!],
    ] as const)
      expect((await staffed(login, role, [p1])).statusCode, login).toBe(201)
    const elsewhere = await staffed('p2-desk', t.roleIds.customer_service!, [p2])
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.json().errors).toEqual([
      {
        field: 'body.projectIds.0',
        code: 'unknown_project',
        message: '项目不存在或不在您的管理范围内',
      },
    ])
    // Nor a role beyond their own: finance's ledger is not theirs to give.
    const finance = await staffed('p1-books', t.roleIds.finance!, [p1])
    expect(finance.statusCode).toBe(403)
  })

  it("should give the project manager role of a company made before migration 0021 the grants of today's", async () => {
    const grantsOf = (tx: Executor) =>
      queryRows<{ grants: Array<{ permission: string; scope: string }> }>(
        tx,
        sql`select grants from role where builtin and key = 'project_manager'`,
      )
    const before = BUILTIN_ROLES.find((r) => r.key === 'project_manager')!.grants.filter(
      (g) => g.permission !== 'orders:create' && g.permission !== 'jobs:work',
    )
    const [after] = await env.core.database.tenant(t.tenantId, async (tx) => {
      await queryRows(
        tx,
        sql`update role set grants = ${JSON.stringify(before)}::jsonb where builtin and key = 'project_manager'`,
      )
      // Twice: a second run adds nothing.
      for (let run = 0; run < 2; run++)
        for (const statement of migrationDataStatements('0021_project_manager_staffs_projects'))
          await queryRows(tx, sql.raw(statement))
      return grantsOf(tx)
    })
    const key = (g: { permission: string; scope: string }) => `${g.permission}:${g.scope}`
    expect(after!.grants.map(key).sort()).toEqual(
      BUILTIN_ROLES.find((r) => r.key === 'project_manager')!
        .grants.map(key)
        .sort(),
    )
  })

  it('should refuse the 11th change of staff personal data in a day with 429, counting atomically', async () => {
    const u = await createStaff(env, admin, { login: 'phonechanges', roleIds: [] })
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(env, admin, 'PATCH', `/api/v1/users/${u.id}`, {
          phone: `1370000${String(i).padStart(4, '0')}`,
        }),
      ),
    )
    const codes = results.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 200)).toHaveLength(10)
    expect(codes.filter((c) => c === 429)).toHaveLength(2)
    expect(results.find((r) => r.statusCode === 429)!.json().code).toBe('DAILY_LIMIT_REACHED')
  })
})

describe('API tokens', () => {
  it('should authenticate with a bearer token, limited to its permissions, and stop after revocation', async () => {
    const created = await call(env, admin, 'POST', '/api/v1/api-tokens', {
      name: 'crm',
      permissions: [{ permission: 'projects:read', scope: 'tenant' }],
    })
    expect(created.statusCode).toBe(201)
    const { token, id } = created.json()
    const bearer = { authorization: `Bearer ${token}` }
    expect((await call(env, null, 'GET', '/api/v1/projects', undefined, bearer)).statusCode).toBe(
      200,
    )
    expect((await call(env, null, 'GET', '/api/v1/users', undefined, bearer)).statusCode).toBe(403)
    // A token that may manage tokens still cannot make one: it would outlive this one's revocation.
    const minter = await call(env, admin, 'POST', '/api/v1/api-tokens', {
      name: 'minter',
      permissions: [{ permission: 'api-tokens:manage', scope: 'tenant' }],
      expiresInDays: 1,
    })
    const child = await call(
      env,
      null,
      'POST',
      '/api/v1/api-tokens',
      { name: 'child', permissions: [{ permission: 'api-tokens:manage', scope: 'tenant' }] },
      { authorization: `Bearer ${minter.json().token}` },
    )
    expect(child.statusCode).toBe(403)
    expect(child.json().code).toBe('TOKEN_CANNOT_MINT')
    expect((await call(env, admin, 'DELETE', `/api/v1/api-tokens/${id}`)).statusCode).toBe(200)
    expect((await call(env, null, 'GET', '/api/v1/projects', undefined, bearer)).statusCode).toBe(
      401,
    )
  })
})

describe('sign-in throttling', () => {
  it('should answer 429 RATE_LIMITED past the per-IP sign-in limit, with Retry-After', async () => {
    const throttled = await createTestEnv({ loginsPerMinute: 3 })
    try {
      const codes = []
      for (let i = 0; i < 4; i++) {
        codes.push(
          (
            await call(throttled, null, 'POST', '/api/v1/auth/login', {
              login: `nobody${i}`,
              password: 'x',
            })
          ).statusCode,
        )
      }
      expect(codes).toEqual([401, 401, 401, 429])
      const res = await call(
        throttled,
        null,
        'POST',
        '/api/v1/auth/login',
        { login: 'nobody', password: 'x' },
        { 'accept-language': 'en' },
      )
      expect(res.json()).toMatchObject({
        code: 'RATE_LIMITED',
        title: 'Too many requests; try again later',
      })
      expect(res.headers['retry-after']).toBeDefined()
    } finally {
      await throttled.close()
    }
  })
})
