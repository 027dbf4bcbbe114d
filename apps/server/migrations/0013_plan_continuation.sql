ALTER TABLE "service_plan" ADD COLUMN "previous_plan_id" uuid;--> statement-breakpoint
ALTER TABLE "service_plan" ADD COLUMN "next_plan_id" uuid;