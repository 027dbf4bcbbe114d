CREATE TABLE "plan_visit" (
	"tenant_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"date" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"order_id" uuid,
	"reason" text,
	CONSTRAINT "plan_visit_tenant_id_plan_id_date_pk" PRIMARY KEY("tenant_id","plan_id","date")
);
--> statement-breakpoint
CREATE TABLE "service_plan" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"address_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"service_item_id" uuid NOT NULL,
	"service_name" text NOT NULL,
	"quantity_milli" integer NOT NULL,
	"addons" jsonb NOT NULL,
	"rrule" text NOT NULL,
	"start_date" text NOT NULL,
	"window_hour" integer NOT NULL,
	"discount_percent" integer NOT NULL,
	"pay_on_site" boolean NOT NULL,
	"notes" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"preferred_worker_id" uuid,
	"booked_until" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_plan_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "plan_visit" ADD CONSTRAINT "plan_visit_tenant_id_plan_id_service_plan_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."service_plan"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_visit" ADD CONSTRAINT "plan_visit_tenant_id_order_id_service_order_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."service_order"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plan" ADD CONSTRAINT "service_plan_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_plan_customer" ON "service_plan" USING btree ("tenant_id","customer_id","id");--> statement-breakpoint
CREATE INDEX "service_plan_due" ON "service_plan" USING btree ("tenant_id","status","booked_until");