-- The order's own worker signs the steps they take through their staff account as 'worker' (the customer reads
-- 服务人员; other staff as the office). Steps recorded before were all 'staff': those a worker step (accept,
-- reject, depart, check_in, complete) taken by the account linked to the order's worker become the worker's (a
-- refusal clears the order's worker, so for it any linked worker's account counts). Forced row-level security is
-- lifted for the backfill, which runs with no tenant set (see 0016; secureSchema forces it again after migrating).
ALTER TABLE "order_event" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "service_order" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "worker" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "order_event" e SET "actor_type" = 'worker'
WHERE e."actor_type" = 'staff'
  AND e."actor_id" IS NOT NULL
  AND e."event" IN ('accept', 'reject', 'depart', 'check_in', 'complete')
  AND EXISTS (
    SELECT 1 FROM "worker" w
    JOIN "service_order" o ON o."tenant_id" = w."tenant_id" AND o."id" = e."order_id"
    WHERE w."tenant_id" = e."tenant_id" AND w."user_id" = e."actor_id"
      AND (w."id" = o."worker_id" OR e."event" = 'reject')
  );
