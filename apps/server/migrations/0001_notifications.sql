CREATE TABLE "notification" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"template" text NOT NULL,
	"channel" text NOT NULL,
	"facts" jsonb NOT NULL,
	"order_id" uuid,
	"complaint_id" uuid,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "notification_once" UNIQUE("tenant_id","event_id","template","channel")
);
--> statement-breakpoint
CREATE TABLE "notification_preference" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"sms" boolean NOT NULL,
	"wechat" boolean NOT NULL,
	"muted" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_preference_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_due" ON "notification" USING btree ("tenant_id","status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notification_inbox" ON "notification" USING btree ("tenant_id","customer_id","channel","id");