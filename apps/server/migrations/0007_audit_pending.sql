CREATE TABLE "audit_pending" (
	"tenant_id" uuid NOT NULL,
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
	CONSTRAINT "audit_pending_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
