-- Who took each step of an order (customer, staff or system), so a customer's timeline names staff by role and
-- the system's passes not at all. Steps recorded before: staff had a user id; a customer step carries the
-- customer's name; the rest were the system's. Forced row-level security is lifted for the backfill, which runs
-- with no tenant set (see 0016; secureSchema forces it again after migrating).
ALTER TABLE "order_event" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "service_order" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customer" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "order_event" ADD COLUMN "actor_type" text;--> statement-breakpoint
UPDATE "order_event" e SET "actor_type" = CASE
  WHEN e."actor_id" IS NOT NULL THEN 'staff'
  WHEN EXISTS (
    SELECT 1 FROM "service_order" o
    JOIN "customer" c ON c."tenant_id" = o."tenant_id" AND c."id" = o."customer_id"
    WHERE o."tenant_id" = e."tenant_id" AND o."id" = e."order_id" AND c."name" = e."actor_name"
  ) THEN 'customer'
  ELSE 'system'
END;--> statement-breakpoint
ALTER TABLE "order_event" ALTER COLUMN "actor_type" SET NOT NULL;
