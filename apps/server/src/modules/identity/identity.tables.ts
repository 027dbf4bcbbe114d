import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { project, tenant } from '../tenancy/tenancy.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/** A staff member. Phone is personal data: ciphertext plus a blind index for exact search. */
export const appUser = pgTable(
  'app_user',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    login: text('login').notNull(),
    displayName: text('display_name').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    phoneMasked: text('phone_masked'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    locale: text('locale', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    lastLoginAt: ts('last_login_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('app_user_login_key').on(t.tenantId, t.login),
    index('app_user_phone_bidx').on(t.tenantId, t.phoneBidx),
  ],
)

/**
 * Which tenant a login name or phone belongs to, so staff sign in with no company code. A platform table:
 * login names and phone blind indexes are unique across the installation.
 */
export const loginDirectory = pgTable(
  'login_directory',
  {
    identifier: text('identifier').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    userId: uuid('user_id').notNull(),
  },
  (t) => [index('login_directory_user').on(t.tenantId, t.userId)],
)

export const role = pgTable(
  'role',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    key: text('key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    builtin: boolean('builtin').notNull().default(false),
    /** Own grants: [{ permission, scope }]. */
    grants: jsonb('grants').$type<Array<{ permission: string; scope: string }>>().notNull(),
    /** Inherited permissions this role removes. */
    denies: jsonb('denies').$type<string[]>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('role_key_key').on(t.tenantId, t.key),
  ],
)

export const roleInherit = pgTable(
  'role_inherit',
  {
    tenantId: uuid('tenant_id').notNull(),
    roleId: uuid('role_id').notNull(),
    parentId: uuid('parent_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roleId, t.parentId] }),
    foreignKey({
      columns: [t.tenantId, t.roleId],
      foreignColumns: [role.tenantId, role.id],
    }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [role.tenantId, role.id] }),
  ],
)

export const userRole = pgTable(
  'user_role',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    roleId: uuid('role_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.roleId] }),
    foreignKey({
      columns: [t.tenantId, t.userId],
      foreignColumns: [appUser.tenantId, appUser.id],
    }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.roleId], foreignColumns: [role.tenantId, role.id] }),
    index('user_role_role').on(t.tenantId, t.roleId),
  ],
)

export const userProject = pgTable(
  'user_project',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    projectId: uuid('project_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.projectId] }),
    foreignKey({
      columns: [t.tenantId, t.userId],
      foreignColumns: [appUser.tenantId, appUser.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.projectId],
      foreignColumns: [project.tenantId, project.id],
    }),
    index('user_project_project').on(t.tenantId, t.projectId),
  ],
)

/** A browser session. The cookie holds `<tenantId>.<secret>`; only the secret's SHA-256 is stored. */
export const session = pgTable(
  'session',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    secretHash: text('secret_hash').notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('session_secret_key').on(t.tenantId, t.secretHash),
    foreignKey({
      columns: [t.tenantId, t.userId],
      foreignColumns: [appUser.tenantId, appUser.id],
    }).onDelete('cascade'),
    index('session_user').on(t.tenantId, t.userId),
  ],
)

/** An integration's bearer token `dst_<tenantId>_<secret>`; limited to the permissions it was given. */
export const apiToken = pgTable(
  'api_token',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    userId: uuid('user_id').notNull(),
    permissions: jsonb('permissions')
      .$type<Array<{ permission: string; scope: string }>>()
      .notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('api_token_secret_key').on(t.tenantId, t.secretHash),
    foreignKey({
      columns: [t.tenantId, t.userId],
      foreignColumns: [appUser.tenantId, appUser.id],
    }).onDelete('cascade'),
  ],
)
