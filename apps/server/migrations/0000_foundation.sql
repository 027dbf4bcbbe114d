CREATE TABLE "audit_head" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"tenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"diff" jsonb,
	"request_id" text,
	"ip" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
CREATE TABLE "crypto_key" (
	"id" text PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_key" (
	"tenant_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_key_tenant_id_scope_key_pk" PRIMARY KEY("tenant_id","scope","key")
);
--> statement-breakpoint
CREATE TABLE "sensitive_change_count" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "sensitive_change_count_tenant_id_user_id_day_kind_pk" PRIMARY KEY("tenant_id","user_id","day","kind")
);
--> statement-breakpoint
CREATE TABLE "outbox_event" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_event_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "complaint" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_no" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"worker_id" uuid,
	"project_id" uuid NOT NULL,
	"service_item_id" uuid NOT NULL,
	"service_name" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"photos" jsonb NOT NULL,
	"status" text NOT NULL,
	"within_warranty" boolean NOT NULL,
	"first_response_due" timestamp with time zone NOT NULL,
	"first_responded_at" timestamp with time zone,
	"resolution" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "complaint_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "complaint_event" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event" text NOT NULL,
	"to_status" text NOT NULL,
	"actor_name" text,
	"note" text,
	CONSTRAINT "complaint_event_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_category" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_category_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_item" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"photos" jsonb NOT NULL,
	"pricing" jsonb NOT NULL,
	"addons" jsonb NOT NULL,
	"duration_minutes" integer NOT NULL,
	"skills" jsonb NOT NULL,
	"tools" jsonb NOT NULL,
	"deposit" jsonb NOT NULL,
	"change_policy" jsonb NOT NULL,
	"urgent_fee_fen" integer NOT NULL,
	"warranty_days" integer NOT NULL,
	"status" text NOT NULL,
	"project_overrides" jsonb NOT NULL,
	"price_version" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_item_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "service_item_code_key" UNIQUE("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "service_price" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"pricing" jsonb NOT NULL,
	"addons" jsonb NOT NULL,
	"urgent_fee_fen" integer NOT NULL,
	"deposit" jsonb NOT NULL,
	"project_overrides" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_price_tenant_id_item_id_version_pk" PRIMARY KEY("tenant_id","item_id","version")
);
--> statement-breakpoint
CREATE TABLE "customer" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_bidx" text NOT NULL,
	"phone_masked" text NOT NULL,
	"gender" text NOT NULL,
	"tags" jsonb NOT NULL,
	"source" text NOT NULL,
	"notes" text NOT NULL,
	"preferences" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "customer_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "customer_phone_key" UNIQUE("tenant_id","phone_bidx")
);
--> statement-breakpoint
CREATE TABLE "customer_address" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"label" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone_enc" text NOT NULL,
	"contact_phone_masked" text NOT NULL,
	"city" text NOT NULL,
	"district" text NOT NULL,
	"detail_enc" text NOT NULL,
	"detail_masked" text NOT NULL,
	"location_enc" text NOT NULL,
	"lat_approx" double precision NOT NULL,
	"lng_approx" double precision NOT NULL,
	"project_id" uuid NOT NULL,
	"is_default" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_address_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "api_token" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"permissions" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "api_token_secret_key" UNIQUE("tenant_id","secret_hash")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"phone_masked" text,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "app_user_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "app_user_login_key" UNIQUE("tenant_id","login")
);
--> statement-breakpoint
CREATE TABLE "login_directory" (
	"identifier" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"grants" jsonb NOT NULL,
	"denies" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "role_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "role_key_key" UNIQUE("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "role_inherit" (
	"tenant_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"parent_id" uuid NOT NULL,
	CONSTRAINT "role_inherit_tenant_id_role_id_parent_id_pk" PRIMARY KEY("tenant_id","role_id","parent_id")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "session_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "session_secret_key" UNIQUE("tenant_id","secret_hash")
);
--> statement-breakpoint
CREATE TABLE "user_project" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	CONSTRAINT "user_project_tenant_id_user_id_project_id_pk" PRIMARY KEY("tenant_id","user_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "user_role" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	CONSTRAINT "user_role_tenant_id_user_id_role_id_pk" PRIMARY KEY("tenant_id","user_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "order_counter" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "order_counter_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
CREATE TABLE "order_event" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"reason" text,
	CONSTRAINT "order_event_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_order" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_no" text NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"address_id" uuid NOT NULL,
	"address_masked" text NOT NULL,
	"project_id" uuid NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"service_item_id" uuid NOT NULL,
	"service_name" text NOT NULL,
	"price_version" integer NOT NULL,
	"quantity_milli" integer NOT NULL,
	"addons" jsonb NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"asap" boolean NOT NULL,
	"worker_id" uuid,
	"planned_arrival" timestamp with time zone,
	"planned_end" timestamp with time zone,
	"duration_minutes" integer NOT NULL,
	"pay_on_site" boolean NOT NULL,
	"notes" text NOT NULL,
	"price" jsonb NOT NULL,
	"fees_fen" integer DEFAULT 0 NOT NULL,
	"change_policy" jsonb NOT NULL,
	"warranty_days" integer NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "service_order_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "service_order_no_key" UNIQUE("tenant_id","order_no")
);
--> statement-breakpoint
CREATE TABLE "customer_session" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_session_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "customer_session_secret_key" UNIQUE("tenant_id","secret_hash")
);
--> statement-breakpoint
CREATE TABLE "otp_challenge" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"phone_bidx" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "otp_challenge_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "review" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_no" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"worker_id" uuid,
	"overall" integer NOT NULL,
	"punctuality" integer NOT NULL,
	"quality" integer NOT NULL,
	"attitude" integer NOT NULL,
	"text" text NOT NULL,
	"photos" jsonb NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "review_order_key" UNIQUE("tenant_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "project" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"city" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"center_lat" double precision,
	"center_lng" double precision,
	"radius_km" double precision,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "project_code_key" UNIQUE("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "tenant" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"is_operator" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenant_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "worker" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"skills" jsonb NOT NULL,
	"home_lat" double precision NOT NULL,
	"home_lng" double precision NOT NULL,
	"weekly_shifts" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "worker_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "worker_project" (
	"tenant_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	CONSTRAINT "worker_project_tenant_id_worker_id_project_id_pk" PRIMARY KEY("tenant_id","worker_id","project_id")
);
--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_tenant_id_order_id_service_order_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."service_order"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_event" ADD CONSTRAINT "complaint_event_tenant_id_complaint_id_complaint_tenant_id_id_fk" FOREIGN KEY ("tenant_id","complaint_id") REFERENCES "public"."complaint"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_category" ADD CONSTRAINT "service_category_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_category" ADD CONSTRAINT "service_category_tenant_id_parent_id_service_category_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."service_category"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_item" ADD CONSTRAINT "service_item_tenant_id_category_id_service_category_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."service_category"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_price" ADD CONSTRAINT "service_price_tenant_id_item_id_service_item_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."service_item"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_address" ADD CONSTRAINT "customer_address_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_address" ADD CONSTRAINT "customer_address_tenant_id_project_id_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_tenant_id_user_id_app_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."app_user"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "login_directory" ADD CONSTRAINT "login_directory_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role" ADD CONSTRAINT "role_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_inherit" ADD CONSTRAINT "role_inherit_tenant_id_role_id_role_tenant_id_id_fk" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."role"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_inherit" ADD CONSTRAINT "role_inherit_tenant_id_parent_id_role_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."role"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_tenant_id_user_id_app_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."app_user"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_project" ADD CONSTRAINT "user_project_tenant_id_user_id_app_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."app_user"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_project" ADD CONSTRAINT "user_project_tenant_id_project_id_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_tenant_id_user_id_app_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."app_user"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_tenant_id_role_id_role_tenant_id_id_fk" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."role"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_event" ADD CONSTRAINT "order_event_tenant_id_order_id_service_order_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."service_order"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_tenant_id_address_id_customer_address_tenant_id_id_fk" FOREIGN KEY ("tenant_id","address_id") REFERENCES "public"."customer_address"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_tenant_id_service_item_id_service_item_tenant_id_id_fk" FOREIGN KEY ("tenant_id","service_item_id") REFERENCES "public"."service_item"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_session" ADD CONSTRAINT "customer_session_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_tenant_id_order_id_service_order_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."service_order"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker" ADD CONSTRAINT "worker_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_project" ADD CONSTRAINT "worker_project_tenant_id_worker_id_worker_tenant_id_id_fk" FOREIGN KEY ("tenant_id","worker_id") REFERENCES "public"."worker"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_project" ADD CONSTRAINT "worker_project_tenant_id_project_id_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor" ON "audit_log" USING btree ("tenant_id","actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "audit_log" USING btree ("tenant_id","entity_type","entity_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_action" ON "audit_log" USING btree ("tenant_id","action","seq");--> statement-breakpoint
CREATE INDEX "outbox_unpublished" ON "outbox_event" USING btree ("tenant_id","published_at","id");--> statement-breakpoint
CREATE INDEX "complaint_status" ON "complaint" USING btree ("tenant_id","status","first_response_due");--> statement-breakpoint
CREATE INDEX "complaint_reason" ON "complaint" USING btree ("tenant_id","created_at","category");--> statement-breakpoint
CREATE INDEX "complaint_event_complaint" ON "complaint_event" USING btree ("tenant_id","complaint_id","at");--> statement-breakpoint
CREATE INDEX "customer_name" ON "customer" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "customer_address_customer" ON "customer_address" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "customer_address_project" ON "customer_address" USING btree ("tenant_id","project_id");--> statement-breakpoint
CREATE INDEX "app_user_phone_bidx" ON "app_user" USING btree ("tenant_id","phone_bidx");--> statement-breakpoint
CREATE INDEX "login_directory_user" ON "login_directory" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "session_user" ON "session" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "user_project_project" ON "user_project" USING btree ("tenant_id","project_id");--> statement-breakpoint
CREATE INDEX "user_role_role" ON "user_role" USING btree ("tenant_id","role_id");--> statement-breakpoint
CREATE INDEX "order_event_order" ON "order_event" USING btree ("tenant_id","order_id","at");--> statement-breakpoint
CREATE INDEX "service_order_status_window" ON "service_order" USING btree ("tenant_id","status","window_start");--> statement-breakpoint
CREATE INDEX "service_order_worker_day" ON "service_order" USING btree ("tenant_id","worker_id","planned_arrival");--> statement-breakpoint
CREATE INDEX "service_order_customer" ON "service_order" USING btree ("tenant_id","customer_id","id");--> statement-breakpoint
CREATE INDEX "service_order_project_window" ON "service_order" USING btree ("tenant_id","project_id","window_start");--> statement-breakpoint
CREATE INDEX "otp_challenge_phone" ON "otp_challenge" USING btree ("tenant_id","phone_bidx","created_at");--> statement-breakpoint
CREATE INDEX "review_worker" ON "review" USING btree ("tenant_id","worker_id","id");--> statement-breakpoint
CREATE INDEX "worker_project_project" ON "worker_project" USING btree ("tenant_id","project_id");