-- The class's LMS send log (lib/lti/score-sync.ts): a failed score keeps its failure's class and time.
CREATE TYPE "LtiSendError" AS ENUM (
  'token_refused', 'scope_not_granted', 'token_rejected', 'line_item_gone', 'course_closed', 'learner_not_in_course',
  'refused', 'lms_error', 'no_answer', 'unreachable', 'address_refused', 'unexpected'
);

ALTER TABLE "lti_score_sync" ADD COLUMN "lastErrorCode" "LtiSendError", ADD COLUMN "failedAt" TIMESTAMP(3);
