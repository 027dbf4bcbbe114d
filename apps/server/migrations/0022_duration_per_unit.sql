-- Per-m² and per-unit items take longer the more is booked: the time each m² or unit beyond the minimum quantity adds
-- to the estimate (ADR 0053). Items made before keep their one estimate (0).
ALTER TABLE "service_item" ADD COLUMN "duration_per_unit_seconds" integer DEFAULT 0 NOT NULL;
