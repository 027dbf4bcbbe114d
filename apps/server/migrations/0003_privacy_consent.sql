ALTER TABLE "customer" ADD COLUMN "privacy_consent_version" text;--> statement-breakpoint
ALTER TABLE "customer" ADD COLUMN "privacy_consented_at" timestamp with time zone;