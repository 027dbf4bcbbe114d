-- Who took each step of a complaint (customer or staff; see 0017 for orders), so the customer's view names the
-- office by role. Steps recorded before: a step signed with the complaint's customer's name was theirs, the rest
-- the office's. Forced row-level security is lifted for the backfill, which runs with no tenant set (see 0016;
-- secureSchema forces it again after migrating).
ALTER TABLE "complaint_event" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "complaint" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customer" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "complaint_event" ADD COLUMN "actor_type" text;--> statement-breakpoint
UPDATE "complaint_event" e SET "actor_type" = CASE
  WHEN EXISTS (
    SELECT 1 FROM "complaint" k
    JOIN "customer" c ON c."tenant_id" = k."tenant_id" AND c."id" = k."customer_id"
    WHERE k."tenant_id" = e."tenant_id" AND k."id" = e."complaint_id" AND c."name" = e."actor_name"
  ) THEN 'customer'
  ELSE 'staff'
END;--> statement-breakpoint
ALTER TABLE "complaint_event" ALTER COLUMN "actor_type" SET NOT NULL;
