CREATE TABLE "file" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"owner_customer_id" uuid,
	"owner_user_id" uuid,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"key_enc" text NOT NULL,
	"attached_type" text,
	"attached_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "file_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "file_one_owner" CHECK (num_nonnulls("file"."owner_customer_id", "file"."owner_user_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "file" ADD CONSTRAINT "file_tenant_id_owner_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file" ADD CONSTRAINT "file_tenant_id_owner_user_id_app_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_user_id") REFERENCES "public"."app_user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_attached" ON "file" USING btree ("tenant_id","attached_type","attached_id");