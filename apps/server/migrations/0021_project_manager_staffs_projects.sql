-- A project manager staffs their own projects: the built-in role now holds what customer service and workers hold
-- (orders:create in their projects; jobs:work "own", as the administrator's role does), so its holders may hand out
-- those roles (ADR 0051). Built-in roles are read-only, so their grants are the code's (builtin-roles.ts); tenants
-- made before get the two grants here. Forced row-level security is lifted for this, as in 0016 and 0020.
ALTER TABLE "role" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "role" SET "grants" = "grants" || '[{"permission": "orders:create", "scope": "project"}]'::jsonb
WHERE "builtin" AND "key" = 'project_manager'
  AND NOT "grants" @> '[{"permission": "orders:create"}]'::jsonb;--> statement-breakpoint
UPDATE "role" SET "grants" = "grants" || '[{"permission": "jobs:work", "scope": "own"}]'::jsonb
WHERE "builtin" AND "key" = 'project_manager'
  AND NOT "grants" @> '[{"permission": "jobs:work"}]'::jsonb;
