import pg from "pg";
import { SESSION_CONTROL_CHANNEL, type SessionControl } from "../session-protocol";

/** Listens on the hosts' control channel and collects every message, parsed. */
export async function listenToSessionControl(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const heard: SessionControl[] = [];
  client.on("notification", (m) => heard.push(JSON.parse(m.payload ?? "null")));
  await client.query(`LISTEN ${SESSION_CONTROL_CHANNEL}`);
  return {
    heard,
    /** Waits until a message matching `match` has arrived (NOTIFY is asynchronous) and returns it. */
    async next(match: (m: SessionControl) => boolean): Promise<SessionControl> {
      for (;;) {
        const found = heard.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    end: () => client.end(),
  };
}
