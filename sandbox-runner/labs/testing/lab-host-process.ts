import pg from "pg";
import { LabAccountPool, listLabAccounts } from "../lab-accounts";
import { startLabHost } from "../lab-host";
import { IMAGE_CACHE } from "./lab-host-harness";

/*
 * A lab host in a process of its own, for a test that kills it as a crash would (SIGKILL): its labs' engines live
 * on, its account locks go with it. Argument: JSON { url, runnerId, labsDir, keptDir, accounts: [user names] }.
 * Prints "ready" once it serves labs, then the host's log, a line each.
 */
const args = JSON.parse(process.argv[2]!) as {
  url: string;
  runnerId: string;
  labsDir: string;
  keptDir: string;
  accounts: string[];
};
const db = new pg.Pool({ connectionString: args.url });
const accounts = (await listLabAccounts()).filter((a) => args.accounts.includes(a.user));
await startLabHost({
  databaseUrl: args.url,
  db,
  runnerId: args.runnerId,
  host: { labsDir: args.labsDir, engineDir: process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine" },
  imageCacheDir: IMAGE_CACHE,
  keptDir: args.keptDir,
  accounts: new LabAccountPool(accounts),
  accountCount: accounts.length,
  limits: { warmPool: 0 },
  log: (line) => console.log(line),
});
console.log("ready");
