import {
  boolean,
  doublePrecision,
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

export interface WeeklyShift {
  /** 1 = Monday … 7 = Sunday, in the tenant's time zone. */
  weekday: number
  start: string
  end: string
}

/** A field worker (师傅). Minimal here; the workforce issue adds leave, certificates and pay. */
export const worker = pgTable(
  'worker',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    userId: uuid('user_id'),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    skills: jsonb('skills').$type<string[]>().notNull(),
    /** Where the day starts, to about 100 m. */
    homeLat: doublePrecision('home_lat').notNull(),
    homeLng: doublePrecision('home_lng').notNull(),
    weeklyShifts: jsonb('weekly_shifts').$type<WeeklyShift[]>().notNull(),
    active: boolean('active').notNull(),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One worker per staff account: "own" scopes read an account's jobs through it (workerIdsOfUser).
    unique('worker_user_key').on(t.tenantId, t.userId),
  ],
)

export const workerProject = pgTable(
  'worker_project',
  {
    tenantId: uuid('tenant_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    projectId: uuid('project_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.workerId, t.projectId] }),
    foreignKey({
      columns: [t.tenantId, t.workerId],
      foreignColumns: [worker.tenantId, worker.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.projectId],
      foreignColumns: [project.tenantId, project.id],
    }),
    index('worker_project_project').on(t.tenantId, t.projectId),
  ],
)
