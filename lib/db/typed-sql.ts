import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "../generated/kysely/database";

/*
 * The one typed way to write SQL: Kysely over node-postgres, with every table's row type generated from
 * schema.prisma (prisma-kysely, beside the Prisma client), so a column renamed in the schema breaks the build where a
 * query names it, and no row type is written by hand. Chosen over Prisma's typed SQL because that needs a live
 * database (and the schema engine, which cannot be downloaded here) at generate time, and over more Prisma because
 * the statements this serves (a status move with its event and NOTIFY in one statement, SKIP LOCKED claims, unnest,
 * DISTINCT ON) are SQL's own. Statements Kysely cannot say keep its `sql` tag, typed by the generated rows.
 */

/*
 * Every timestamp column (Prisma's DateTime: `timestamp(3)`, without a zone) holds UTC, as Prisma writes and reads it.
 * node-postgres would read one as the process's local time and write a Date in it, so on a machine not set to UTC
 * every date read or written here would be off by the zone's offset. Once, for every pg client in the process:
 */
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (text) => new Date(`${text.replace(" ", "T")}Z`));
pg.defaults.parseInputDatesAsUTC = true;
// And the server's side: `now()` stored in such a column, or compared with one, is in the session's zone. An outside
// database whose default zone is not UTC would shift them; every connection asks for UTC (it overrides the
// database's and the role's defaults).
pg.defaults.options = "-c TimeZone=UTC";

const instances = new WeakMap<pg.Pool | pg.ClientBase, Kysely<DB>>();

/**
 * A typed builder over any pool (the web's, a host's own) or any one client: a transaction's (its queries are then
 * part of the caller's transaction) or a connection of its own, such as a host's control listener. Made once per pool
 * or client.
 */
export function typedSql(db: pg.Pool | pg.ClientBase): Kysely<DB> {
  let made = instances.get(db);
  if (!made) {
    // A client stands in for a pool whose every connection is that client; its owner releases or ends it. Only a
    // pool is asked to connect: a client's connect() would try to connect it again.
    const borrowed = { query: db.query.bind(db), release: () => {} };
    const pool = db instanceof pg.Pool ? db : { connect: async () => borrowed, end: async () => {} };
    made = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as pg.Pool }) });
    instances.set(db, made);
  }
  return made;
}
