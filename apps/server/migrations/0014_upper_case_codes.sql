-- Item and project codes are kept upper case (ADR 0043). Codes stored before are raised too, except one that
-- would then clash with another code of its company: that pair stays as it is for staff to rename.
UPDATE "service_item" s SET "code" = upper(s."code")
WHERE s."code" <> upper(s."code")
  AND NOT EXISTS (
    SELECT 1 FROM "service_item" o
    WHERE o."tenant_id" = s."tenant_id" AND o."id" <> s."id" AND upper(o."code") = upper(s."code")
  );--> statement-breakpoint
UPDATE "project" p SET "code" = upper(p."code")
WHERE p."code" <> upper(p."code")
  AND NOT EXISTS (
    SELECT 1 FROM "project" o
    WHERE o."tenant_id" = p."tenant_id" AND o."id" <> p."id" AND upper(o."code") = upper(p."code")
  );
