-- Least privilege, enforced by PostgreSQL (issue 55): each kind of sandbox-runner host gets a group role that can
-- touch only the tables its code uses. The login roles the runners connect with are made outside the migrations
-- (lib/host-roles/host-roles.ts: `npm start` for its own runner, `scripts/host-role.ts` for Compose and Kubernetes),
-- members of `dockyard_runner` and of the group role of each host they run (RUNNER_HOSTS).
--
-- Roles are cluster-wide while migrations run per database, and several databases of one cluster may be migrated
-- at once (the test tiers clone theirs in parallel): CREATE ROLE has no IF NOT EXISTS, and two sessions creating the
-- same role race on pg_authid's unique index, so each is created in a block that takes "it is there" in both forms
-- (duplicate_object, or unique_violation for the loser of the race). Looked for first, so that an owner without
-- CREATEROLE migrates a database whose cluster already has the roles (a DBA made them once: docs/deploy.md).
-- NOLOGIN: nobody connects as a group role.
DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['dockyard_runner', 'dockyard_grading_host', 'dockyard_shell_host', 'dockyard_lab_host']
  LOOP
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', name);
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END LOOP;
END $$;

-- The schema the migrations build (public, or the URL's ?schema=).
DO $$ BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO dockyard_runner, dockyard_grading_host, dockyard_shell_host, '
    'dockyard_lab_host', current_schema());
END $$;

-- Everything below is a GRANT of what a statement in the runner's code needs; nothing else is granted, so the
-- users and their sign-in (user, account, session, verification, sign_in_*), LTI (lti_*: the tool's private key,
-- platforms, logins, score sync), institutions (institution*: SAML/OIDC secrets), classes, rubrics, admin_action,
-- help_request/help_message and the rest answer "permission denied".

-- dockyard_runner: what every runner does whatever its hosts (sandbox-runner/heartbeat.ts, runner.ts, lease.ts,
-- hosts/runner-core.ts and the reaper).
--   runner_heartbeat: beat() upserts its row; runnerDead(), submissionInFlight() and the stranded-session sweep
--     read liveness (runnerAliveSql).
GRANT SELECT, INSERT, UPDATE ON runner_heartbeat TO dockyard_runner;
--   submission: the reaper asks whether a build's submission is still in flight (submission-in-flight.ts).
GRANT SELECT (id, status, "runnerId") ON submission TO dockyard_runner;
--   sandbox_session: closeStrandedSessions() reads, moveSession() writes only the lifecycle columns; the reaper's
--     kept-image and shell-liveness rules read (kept-images.ts); closeOrphans() reads its own (session-host.ts).
GRANT SELECT ON sandbox_session TO dockyard_runner;
GRANT UPDATE (status, "runnerId", "openedAt", "closedAt", "closeReason") ON sandbox_session TO dockyard_runner;
--   session_event: moveSession()/noteStarting()/appendSessionEvent() append (RETURNING id needs SELECT);
--     pruneClosedSessionOutput() deletes closed sessions' output, a pass of every runner's reaper.
GRANT SELECT, INSERT, DELETE ON session_event TO dockyard_runner;
GRANT USAGE ON SEQUENCE session_event_id_seq TO dockyard_runner;
--   kept_image: the reaper's rules (kept-images.ts keptImageRules) read and delete expired ones.
GRANT SELECT, DELETE ON kept_image TO dockyard_runner;

-- dockyard_grading_host: the grading host (hosts/grading.ts, grading-job.ts, lease.ts's hand-back of a dead
-- runner's jobs, kept-images.ts rememberKeptImage).
--   submission: grading-job.ts reads the files; withSizeComparison() reads earlier attempts (s.*); transition()
--     locks the row (FOR UPDATE needs an UPDATE grant) and writes only these columns.
GRANT SELECT ON submission TO dockyard_grading_host;
GRANT UPDATE (status, "runnerId", result, "errorMessage", "startedAt", "finishedAt") ON submission
  TO dockyard_grading_host;
--   submission_event: appendEvent() (the progress log, its result and status events).
GRANT SELECT, INSERT ON submission_event TO dockyard_grading_host;
GRANT USAGE ON SEQUENCE submission_event_id_seq TO dockyard_grading_host;
--   kept_image: a passed build's image is kept for shells (upsert).
GRANT SELECT, INSERT, UPDATE ON kept_image TO dockyard_grading_host;

-- pg-boss (lib/queue/, schema pgboss): made here, empty, so that its privileges can be set before pg-boss fills it
-- (pg-boss installs into an existing schema: it checks for its version table, then CREATE SCHEMA IF NOT EXISTS).
-- pg-boss creates its tables when first started by the owner (the web app, or ensureHostRoles()), and a partition
-- of pgboss.job for each queue later: the default privileges give those to the grading host too. The hosts never
-- create tables there (no CREATE on the schema); a queue that already exists is a no-op of create_queue().
CREATE SCHEMA IF NOT EXISTS pgboss;
GRANT USAGE ON SCHEMA pgboss TO dockyard_grading_host;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO dockyard_grading_host;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dockyard_grading_host;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT USAGE, SELECT ON SEQUENCES TO dockyard_grading_host;

-- dockyard_shell_host: shells in kept images (shell/shell-host.ts, shell/served-shell.ts).
--   submission: a shell's exercise (served-shell.ts joins its submission); kept_image: its tag on this engine.
GRANT SELECT (id, "exerciseSlug") ON submission TO dockyard_shell_host;
GRANT SELECT ON kept_image TO dockyard_shell_host;

-- dockyard_lab_host: labs (hosts/labs.ts, labs/lab-host.ts, labs/served-lab.ts).
--   kept_lab: lib/labs/kept-lab-store.ts (record, take, give back, drop, remove expired, the reaper's ids);
--   lab_settings: how long and how much a kept lab is kept (read only: admins set it on the web side);
--   lab_task_done: labTasksDoneBefore() reads what earlier sessions did (the web's course-policy worker writes it),
--   and course_policy_cursor where that worker has got to (task reports above it are not yet credit: they count too).
GRANT SELECT, INSERT, UPDATE, DELETE ON kept_lab TO dockyard_lab_host;
GRANT SELECT ON lab_settings TO dockyard_lab_host;
GRANT SELECT ON lab_task_done TO dockyard_lab_host;
GRANT SELECT ON course_policy_cursor TO dockyard_lab_host;
