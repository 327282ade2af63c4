-- Watching shares one terminal tab (lib/help/watch-session.ts): `watchTab` is the tab of the learner's lab that
-- staff may watch while `watchConsent` holds (0 the first), chosen by the learner; no other tab's output reaches them.
ALTER TABLE "help_request" ADD COLUMN "watchTab" INTEGER NOT NULL DEFAULT 0;
