import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import { ACCESS_CHANNEL } from '../auth/access-cache.ts'
import type { Tx } from './database.ts'
import { queryRows } from './database.ts'

/**
 * Run after every migration, idempotently: creates the application role and puts every table that has a
 * `tenant_id` column under forced row-level security, so a table added by a later migration is protected
 * without anyone remembering to. Tables without `tenant_id` are platform tables with explicit grants.
 */
export async function secureSchema(tx: Tx): Promise<void> {
  // What was secured is written on the schema: the statements and the migrations applied. A process starting
  // next to one already serving (the API beside the worker) finds it the same and alters nothing — its ALTER
  // TABLEs would wait on the other's running transactions while holding tables they need (a deadlock).
  const [state] = await queryRows<{ applied: number; comment: string | null }>(
    tx,
    sql.raw(`SELECT (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS applied,
      obj_description('public'::regnamespace, 'pg_namespace') AS comment`),
  )
  const mark = `doorstep secured ${SECURE_FINGERPRINT} after ${state?.applied ?? 0} migrations`
  if (state?.comment === mark) return
  for (const statement of SECURE_STATEMENTS) await tx.execute(sql.raw(statement))
  await tx.execute(sql.raw(`COMMENT ON SCHEMA public IS '${mark}'`))
}

/**
 * Writes that can narrow someone's access, per table: each tells every server process (NOTIFY on the access
 * channel, payload the tenant id) to forget the tenant's cached sign-ins (platform/auth/access-cache.ts).
 * A session's touch or a token's last use changes nothing anyone may do, so those columns stay quiet.
 */
const ACCESS_TRIGGERS: Record<string, string> = {
  app_user: 'UPDATE OF status, password_hash, must_change_password, display_name OR DELETE',
  role: 'UPDATE OR DELETE',
  role_inherit: 'INSERT OR UPDATE OR DELETE',
  user_role: 'INSERT OR UPDATE OR DELETE',
  user_project: 'INSERT OR UPDATE OR DELETE',
  session: 'DELETE',
  api_token: 'UPDATE OF revoked_at, expires_at, permissions OR DELETE',
  customer_session: 'DELETE',
}

/** Platform tables (no tenant_id) and what the application role may do with them. */
const PLATFORM_GRANTS: Record<string, string> = {
  tenant: 'SELECT',
  login_directory: 'SELECT, INSERT, UPDATE, DELETE',
  crypto_key: 'SELECT',
}
/**
 * Tenant tables the application role may not change freely: the audit log is append-only; entries waiting to be
 * chained may be read and moved (deleted) but never altered.
 */
const RESTRICTED: Record<string, string> = {
  audit_log: 'SELECT, INSERT',
  audit_pending: 'SELECT, INSERT, DELETE',
}

/** The grants of a restricted table, as a SQL CASE on the loop's table name. */
const restrictedCase = () =>
  `CASE t.relname ${Object.entries(RESTRICTED)
    .map(([table, grants]) => `WHEN '${table}' THEN '${grants}'`)
    .join(' ')} END`

const SECURE_STATEMENTS = [
  `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'doorstep_app') THEN
    BEGIN
      CREATE ROLE doorstep_app NOLOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database on the same server created it at the same moment
    END;
  END IF;
  BEGIN
    EXECUTE 'GRANT doorstep_app TO ' || quote_ident(current_user);
  EXCEPTION WHEN others THEN
    NULL; -- already a member, or a superuser who needs no membership
  END;
END $$`,
  `CREATE OR REPLACE FUNCTION doorstep_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE AS $fn$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $fn$`,
  `GRANT USAGE ON SCHEMA public TO doorstep_app`,
  `DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND c.relname <> ALL (ARRAY[${Object.keys(PLATFORM_GRANTS)
        .map((t) => `'${t}'`)
        .join(', ')}])
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t.relname);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = doorstep_current_tenant()) WITH CHECK (tenant_id = doorstep_current_tenant())',
      t.relname);
    IF t.relname = ANY (ARRAY[${Object.keys(RESTRICTED)
      .map((t) => `'${t}'`)
      .join(', ')}]) THEN
      EXECUTE format('REVOKE ALL ON %I FROM doorstep_app', t.relname);
      EXECUTE format('GRANT %s ON %I TO doorstep_app', (${restrictedCase()}), t.relname);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO doorstep_app', t.relname);
    END IF;
  END LOOP;
END $$`,
  // Platform tables: the application role sees only its own tenant's rows (not forced: the owner sees all).
  'ALTER TABLE tenant ENABLE ROW LEVEL SECURITY',
  'DROP POLICY IF EXISTS own_tenant ON tenant',
  'CREATE POLICY own_tenant ON tenant USING (id = doorstep_current_tenant())',
  'ALTER TABLE login_directory ENABLE ROW LEVEL SECURITY',
  'DROP POLICY IF EXISTS own_tenant ON login_directory',
  `CREATE POLICY own_tenant ON login_directory
     USING (tenant_id = doorstep_current_tenant()) WITH CHECK (tenant_id = doorstep_current_tenant())`,
  ...Object.entries(PLATFORM_GRANTS).flatMap(([table, grants]) => [
    `REVOKE ALL ON ${table} FROM doorstep_app`,
    `GRANT ${grants} ON ${table} TO doorstep_app`,
  ]),
  // NOTIFY is sent at commit, once per tenant however many rows changed, and never for a rolled-back write.
  `CREATE OR REPLACE FUNCTION doorstep_access_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('${ACCESS_CHANNEL}', OLD.tenant_id::text);
  ELSE
    PERFORM pg_notify('${ACCESS_CHANNEL}', NEW.tenant_id::text);
  END IF;
  RETURN NULL;
END $fn$`,
  ...Object.entries(ACCESS_TRIGGERS).flatMap(([table, events]) => [
    `DROP TRIGGER IF EXISTS access_changed ON ${table}`,
    `CREATE TRIGGER access_changed AFTER ${events} ON ${table}
       FOR EACH ROW EXECUTE FUNCTION doorstep_access_changed()`,
  ]),
]

const SECURE_FINGERPRINT = crypto
  .createHash('sha256')
  .update(SECURE_STATEMENTS.join('\n'))
  .digest('hex')
  .slice(0, 16)
