-- The built-in administrator holds jobs:work at its only scope, "own", so that it may hand out the worker role
-- (its user writes refuse to give more than the writer holds). Companies made before get it too.
UPDATE "role" SET "grants" = "grants" || '[{"permission":"jobs:work","scope":"own"}]'::jsonb
WHERE "key" = 'admin' AND "builtin"
  AND NOT "grants" @> '[{"permission":"jobs:work"}]'::jsonb;
