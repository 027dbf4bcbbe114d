DROP INDEX "idempotency_key_created";--> statement-breakpoint
CREATE INDEX "idempotency_key_tenant_created" ON "idempotency_key" USING btree ("tenant_id","created_at");