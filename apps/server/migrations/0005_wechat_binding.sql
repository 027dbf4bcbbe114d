CREATE TABLE "wechat_binding" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"app_id" text NOT NULL,
	"openid_enc" text NOT NULL,
	"bound_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wechat_binding_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "wechat_binding_customer" UNIQUE("tenant_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "wechat_binding" ADD CONSTRAINT "wechat_binding_tenant_id_customer_id_customer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customer"("tenant_id","id") ON DELETE cascade ON UPDATE no action;