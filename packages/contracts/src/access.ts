import { z } from 'zod'
import type { Permission } from '@doorstep/domain'
import { DATA_SCOPES, PERMISSIONS, PERMISSION_GROUPS } from '@doorstep/domain'
import {
  IsoDateTime,
  IsoMoment,
  MobilePhone,
  PageQuery,
  TimeZone,
  Uuid,
  page,
  patchOf,
  trimmedText,
} from './common.ts'

export const PermissionKey = z.enum(PERMISSIONS as [Permission, ...Permission[]])
export const DataScope = z.enum(DATA_SCOPES)
export const Grant = z.object({ permission: PermissionKey, scope: DataScope })

export const PermissionInfo = z.object({
  key: PermissionKey,
  group: z.enum(PERMISSION_GROUPS),
  label: z.object({ zh: z.string(), en: z.string() }),
  scopes: z.array(DataScope),
})
export const PermissionCatalog = z.object({ items: z.array(PermissionInfo) })

// ---- sessions ----
export const LoginRequest = z.object({
  login: trimmedText().min(1).max(100).meta({ description: 'Login name or mobile phone' }),
  password: z.string().min(1).max(200),
})
export const ProjectRef = z.object({ id: Uuid, code: z.string(), name: z.string() })
export const SessionUser = z.object({
  id: Uuid,
  tenantId: Uuid,
  tenantName: z.string(),
  /** The company's time zone (IANA): the console shows times and days in it, wherever the viewer is. */
  tenantTimeZone: z.string(),
  login: z.string(),
  displayName: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  mustChangePassword: z.boolean(),
})
export const SessionResponse = z.object({
  user: SessionUser,
  permissions: z.array(Grant),
  /** The projects this user may switch between; all of the tenant's when a grant has tenant scope. */
  projects: z.array(ProjectRef),
  /** The projects the user belongs to: what their project-scoped grants reach. */
  memberProjectIds: z.array(Uuid),
  /** Send back as the X-CSRF-Token header on every state-changing request made with the session cookie. */
  csrfToken: z.string(),
})
export type SessionResponse = z.infer<typeof SessionResponse>

const Password = z
  .string()
  .min(10, { message: 'password_too_short' })
  .max(200)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { message: 'password_too_weak' })
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
})

// ---- users ----
export const UserStatus = z.enum(['active', 'disabled'])
export const User = z.object({
  id: Uuid,
  login: z.string(),
  displayName: z.string(),
  /** Masked (138****1234) unless revealed through the audited reveal endpoint. */
  phoneMasked: z.string().nullable(),
  status: UserStatus,
  roleIds: z.array(Uuid),
  projectIds: z.array(Uuid),
  lockedUntil: IsoDateTime.nullable(),
  lastLoginAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  version: z.number().int(),
})
export type User = z.infer<typeof User>
export const UserList = page(User)
export const UserListQuery = PageQuery.extend({
  q: trimmedText()
    .max(100)
    .optional()
    .meta({ description: 'Login or name contains; or an exact phone' }),
  status: UserStatus.optional(),
  roleId: Uuid.optional(),
  projectId: Uuid.optional(),
})
const LoginName = trimmedText()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,39}$/, { message: 'invalid_login' })
export const CreateUserRequest = z.object({
  login: LoginName,
  displayName: trimmedText().min(1).max(60),
  phone: MobilePhone.optional(),
  password: Password,
  roleIds: z.array(Uuid).max(20).default([]),
  projectIds: z.array(Uuid).max(200).default([]),
})
export const UpdateUserRequest = z.object({
  displayName: trimmedText().min(1).max(60).optional(),
  phone: MobilePhone.nullable().optional(),
  status: UserStatus.optional(),
  roleIds: z.array(Uuid).max(20).optional(),
  projectIds: z.array(Uuid).max(200).optional(),
})
export const ResetPasswordRequest = z.object({ newPassword: Password })
export const RevealedPhone = z.object({ phone: z.string().nullable() })

// ---- roles ----
export const Role = z.object({
  id: Uuid,
  key: z.string().nullable().meta({ description: 'Key of a built-in role; null for custom roles' }),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  inherits: z.array(Uuid),
  grants: z.array(Grant),
  denies: z.array(PermissionKey),
  /** What the role can do after inheritance and denials. */
  effective: z.array(Grant),
  userCount: z.number().int(),
  version: z.number().int(),
})
export type Role = z.infer<typeof Role>
export const RoleList = page(Role)
export const RoleListQuery = PageQuery.extend({ q: trimmedText().max(60).optional() })
export const CreateRoleRequest = z.object({
  name: trimmedText().min(1).max(60),
  description: trimmedText().max(500).default(''),
  inherits: z.array(Uuid).max(10).default([]),
  grants: z.array(Grant).max(100).default([]),
  denies: z.array(PermissionKey).max(100).default([]),
})
export const UpdateRoleRequest = patchOf(CreateRoleRequest)

// ---- projects ----
export const ServiceArea = z.object({
  center: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
  radiusKm: z.number().positive().max(500),
})
/**
 * A company's number for customers (a hotline, a site office, a landline with its area code), as it is dialled:
 * digits in groups split by one space or hyphen, 5–20 characters; empty clears it (as null does).
 */
export const ServicePhone = trimmedText().regex(/^(?:(?=.{5,20}$)\+?\d+(?:[ -]\d+)*)?$/, {
  message: 'invalid_service_phone',
})
export const Project = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['service_area', 'property']),
  city: z.string(),
  active: z.boolean(),
  serviceArea: ServiceArea.nullable(),
  servicePhone: z.string().nullable().meta({
    description:
      "The number this project's customers call about their visits; shown on their orders in the portal",
  }),
  createdAt: IsoDateTime,
})
export const ProjectList = page(Project)
export const ProjectListQuery = PageQuery.extend({
  q: trimmedText().max(60).optional(),
  active: z.stringbool().optional(),
})
export const CreateProjectRequest = z.object({
  code: trimmedText().regex(/^[A-Za-z0-9_-]{2,20}$/, { message: 'invalid_code' }),
  name: trimmedText().min(1).max(80),
  kind: z.enum(['service_area', 'property']).default('service_area'),
  city: trimmedText().min(1).max(40),
  serviceArea: ServiceArea.nullable().default(null),
  servicePhone: ServicePhone.nullable().default(null),
})
/**
 * Change a project: its code stays (people and order history quote it). A new service area decides where new
 * addresses belong; addresses already placed keep their project. An inactive project takes no new addresses.
 */
export const UpdateProjectRequest = patchOf(CreateProjectRequest.omit({ code: true })).extend({
  active: z.boolean().optional(),
})

// ---- audit ----
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  actorId: Uuid.nullable(),
  /** Who acted: staff, an API token, the server's own work, or a customer (in the portal). */
  actorType: z.enum(['user', 'api_token', 'system', 'customer']),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  diff: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
})
export const AuditList = page(AuditEntry)
export const AuditQuery = PageQuery.extend({
  from: IsoMoment.optional(),
  to: IsoMoment.optional(),
  actorId: Uuid.optional(),
  action: z.string().max(80).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(80).optional(),
})

// ---- API tokens ----
export const ApiToken = z.object({
  id: Uuid,
  name: z.string(),
  permissions: z.array(Grant),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime.nullable(),
})
export const ApiTokenList = page(ApiToken)
export const CreateApiTokenRequest = z.object({
  name: trimmedText().min(1).max(60),
  /** A token can do at most what its creator can do. */
  permissions: z.array(Grant).min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
})
export const CreatedApiToken = ApiToken.extend({
  token: z.string().meta({ description: 'Shown once' }),
})

// ---- platform ----
export const CreateTenantRequest = z.object({
  slug: trimmedText().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'invalid_slug' }),
  name: trimmedText().min(1).max(80),
  timeZone: TimeZone.default('Asia/Shanghai'),
  admin: z.object({
    login: LoginName,
    displayName: trimmedText().min(1).max(60),
    password: Password,
  }),
})
export const Tenant = z.object({
  id: Uuid,
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  createdAt: IsoDateTime,
})

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  node: z.string(),
  database: z.object({
    status: z.enum(['ok', 'down']),
    kind: z.enum(['pglite', 'postgres']),
    latencyMs: z.number(),
  }),
})
