-- The number a project's customers call about their visits (a hotline or the site's office), shown in the portal
-- on their orders (ADR 0056). A company's number, not personal data: stored as typed.
ALTER TABLE "project" ADD COLUMN "service_phone" text;
