/**
 * A CTE that makes the statement's own transaction commit without waiting for its WAL to reach the disk
 * (`synchronous_commit = off` for that transaction alone): `WITH quick AS (${COMMIT_WITHOUT_WAITING}) … FROM quick`.
 * For writes a learner waits on at typing speed whose loss in a database crash costs nothing lasting (a terminal's
 * echo, a keystroke's time): on a disk busy with other writes, a wait for the flush was most of a keystroke's echo
 * (bench/README.md, "A class at once"). A crash can lose the last fraction of a second of them, never corrupt or
 * reorder anything. Never for grades, accounts, progress or anything else that is a record.
 */
export const COMMIT_WITHOUT_WAITING = "SELECT set_config('synchronous_commit', 'off', true) AS quick";
