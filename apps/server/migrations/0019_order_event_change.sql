-- What a step changed besides the status (a reschedule's windows before and after, a late change's fee),
-- shown on the order's timeline. Steps recorded before have none.
ALTER TABLE "order_event" ADD COLUMN "change" jsonb;