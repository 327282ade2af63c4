-- Issue 38, next term: bonus credit for work done early (lib/classes/late-policy.ts, earlyCreditSchema): steps of
-- days before the due date and a credit of 101 to 200 %. Every assignment so far has none.
ALTER TABLE "assignment" ADD COLUMN "earlyCredit" JSONB NOT NULL DEFAULT '[]';
