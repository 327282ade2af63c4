import { closeSync, constants, fstatSync, openSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import Docker from "dockerode";

/**
 * The host's way to a lab's engine, made so the lab cannot redirect it or flood the runner.
 *
 * The engine's API socket is in the lab's /run, which the lab writes: a learner can rename it, plant a symlink or a
 * fake engine in its place. So the host never connects by that name. Once, while the lab has no shell yet, the
 * runner opens the socket itself as a path-only file descriptor, one name at a time from the engine's own root
 * (`/proc/<dockerd>/root`), refusing symlinks and anything that is not a socket of the lab's account; every
 * connection after that goes through `/proc/<runner>/fd/<that descriptor>`, which names the socket's inode, not a
 * path in the lab. A renamed, replaced or deleted name changes nothing; a fake engine can never be reached.
 */

/** Linux's O_PATH: a descriptor that names a file without opening it (Node has no constant for it). */
const O_PATH = 0o10000000;
const { O_DIRECTORY, O_NOFOLLOW } = constants;

/** More than any answer the runner asks of a lab's engine: a lab with a hundred containers answers a few 100 KB. */
export const LAB_ANSWER_BYTES = 8 * 1024 * 1024;
/** A lab's engine answers the runner's questions within this or not at all. */
export const LAB_REQUEST_TIMEOUT_MS = 10_000;

export interface PinnedEngineSocket {
  /** `/proc/<runner pid>/fd/<n>`: the socket's inode, for this process and its (root) children. */
  path: string;
  close(): void;
}

/**
 * Opens the API socket of the lab engine whose dockerd is `enginePid` on the host, as described above. Throws while
 * the socket does not exist yet (ENOENT), and for anything that is not a socket owned by `uid` (the lab's account).
 */
export function pinEngineSocket(enginePid: number, uid: number, name = "docker.sock"): PinnedEngineSocket {
  const run = openSync(`/proc/${enginePid}/root/run`, O_PATH | O_DIRECTORY | O_NOFOLLOW);
  let socket: number;
  try {
    socket = openSync(`/proc/self/fd/${run}/${name}`, O_PATH | O_NOFOLLOW);
  } finally {
    closeSync(run);
  }
  const stat = fstatSync(socket);
  if (!stat.isSocket() || stat.uid !== uid) {
    closeSync(socket);
    const what = stat.isSymbolicLink() ? "a symlink" : stat.isSocket() ? `a socket of uid ${stat.uid}` : "not a socket";
    throw new Error(`the lab engine's /run/${name} is ${what}, not the engine's own socket`);
  }
  let open = true;
  return {
    path: `/proc/${process.pid}/fd/${socket}`,
    close: () => {
      if (open) closeSync(socket);
      open = false;
    },
  };
}

/** A lab's engine sent an answer the runner does not take: the learner's message says what and what to do. */
export class LabAnswerRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabAnswerRefused";
  }
}

/**
 * Connections that end once an answer passes `answerBytes`: dockerode keeps a whole answer in memory before it
 * parses it, so an engine a lab controls could otherwise grow the runner without bound. One request per connection,
 * so the count is the answer's.
 */
class CappedAgent extends http.Agent {
  constructor(private readonly answerBytes: number) {
    super({ keepAlive: false });
  }

  override createConnection(options: net.NetConnectOpts): net.Socket {
    const socket = net.createConnection(options);
    let received = 0;
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > this.answerBytes && !socket.destroyed) {
        socket.destroy(
          new LabAnswerRefused(
            `The lab's engine answered the checker with more than ${this.answerBytes / 1024 / 1024} MiB, so the ` +
              "checker stopped reading. Remove what you made in bulk (containers, images or labels by the " +
              "thousand) and the tasks are checked again.",
          ),
        );
      }
    });
    return socket;
  }
}

/**
 * Clients of a lab's engine through its pinned socket: `api` for questions (answers capped, each within
 * LAB_REQUEST_TIMEOUT_MS), `events` for the engine's event stream, which stays open while quiet (its lines are
 * capped by its reader; past the answer cap the stream ends and its reader opens it again from the last event).
 */
export function labEngineClients(socketPath: string): { api: Docker; events: Docker } {
  return {
    api: new Docker({
      socketPath,
      timeout: LAB_REQUEST_TIMEOUT_MS,
      agent: new CappedAgent(LAB_ANSWER_BYTES),
    } as Docker.DockerOptions),
    events: new Docker({ socketPath, agent: new CappedAgent(LAB_ANSWER_BYTES) } as Docker.DockerOptions),
  };
}
