-- One worker per staff account. Concurrent links could give an account several (issue 4's race fuzzing): the
-- earliest made keeps it, the others are unlinked first, so that the constraint can be added. Row-level security
-- is forced on tenant tables and a migration runs with no tenant set: an owner that is not a superuser would
-- update nothing, so it is lifted here (secureSchema forces it again after migrating).
ALTER TABLE "worker" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "worker" w SET "user_id" = NULL
WHERE "user_id" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "worker" o
  WHERE o."tenant_id" = w."tenant_id" AND o."user_id" = w."user_id"
    AND (o."created_at", o."id") < (w."created_at", w."id")
);--> statement-breakpoint
ALTER TABLE "worker" ADD CONSTRAINT "worker_user_key" UNIQUE("tenant_id","user_id");
