import { describe, expect, it } from "vitest";
import { stepWritableDirs } from "./disk-watchdog";

// Mount tables as /proc/<pid>/mountinfo gives them: the host's, and a BuildKit RUN step's.
const HOST_ROOT = "ext4 /dev/vda rw,discard";
const HOST = [
  `27 1 254:0 / / rw,relatime - ${HOST_ROOT}`,
  "30 27 0:26 / /proc rw,nosuid - proc proc rw",
  "31 27 254:1 / /var/lib/docker rw,relatime - ext4 /dev/vdb rw",
].join("\n");
const STEP = [
  "900 800 0:80 / / rw,relatime - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/var/lib/docker/s/9/fs,workdir=/w",
  "901 900 0:81 / /proc rw,nosuid - proc proc rw",
  "902 900 0:82 / /dev rw,nosuid - tmpfs tmpfs rw",
  "903 900 254:1 /cache/pip /root/.cache/pip rw,relatime - ext4 /dev/vdb rw",
  "904 900 254:1 /ro /opt/ro ro,relatime - ext4 /dev/vdb rw",
  "905 900 254:1 /x /my\\040dir rw,relatime - ext4 /dev/vdb rw",
].join("\n");

describe("what the build's disk watchdog measures of a step process", () => {
  it("is the step's upper layer and its read-write mounts of real file systems", () => {
    expect(stepWritableDirs(42, STEP, HOST_ROOT)).toEqual([
      "/var/lib/docker/s/9/fs",
      "/proc/42/root/root/.cache/pip",
      "/proc/42/root/my dir",
    ]);
  });

  it("is nothing while the process still sees the host's mounts (runc's init, before the step's root)", () => {
    // Counted, the host's disk would be the learner's: 'wrote more than 64 MiB' for a build that wrote nothing.
    expect(stepWritableDirs(42, HOST, HOST_ROOT)).toEqual([]);
  });

  it("is nothing when the root is the host's own overlay (a runner whose host is itself a container)", () => {
    const overlayHost = "overlay overlay rw,lowerdir=/h,upperdir=/host/upper,workdir=/hw";
    expect(stepWritableDirs(42, `1 0 0:1 / / rw - ${overlayHost}\n${HOST}`, overlayHost)).toEqual([]);
  });

  it("is nothing for a process gone before its table was read", () => {
    expect(stepWritableDirs(42, "", HOST_ROOT)).toEqual([]);
  });
});
