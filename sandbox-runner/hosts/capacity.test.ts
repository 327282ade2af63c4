import { describe, expect, it } from "vitest";
import { cgroupLimits, gradingConcurrency, labCapacity, measureMachine, shellCapacity } from "./capacity";

const GIB = 1024 ** 3;

describe("gradingConcurrency", () => {
  it("gives a grading to every core but one, while memory holds a build and a run at their limits", () => {
    expect(gradingConcurrency({ cores: 2, memoryBytes: 24 * GIB })).toBe(1);
    expect(gradingConcurrency({ cores: 16, memoryBytes: 64 * GIB })).toBe(15);
  });

  it("is bounded by memory on a machine with many cores and little memory", () => {
    // 3 GiB a grading (2 GiB build + 1 GiB run) after 1 GiB held back: 7 GiB gives two.
    expect(gradingConcurrency({ cores: 32, memoryBytes: 7 * GIB })).toBe(2);
  });

  it("grades one at a time on the smallest machine rather than none", () => {
    expect(gradingConcurrency({ cores: 1, memoryBytes: 2 * GIB })).toBe(1);
  });
});

describe("cgroupLimits", () => {
  const files = (entries: Record<string, string>) => (file: string) => entries[file];

  it("reads a cgroup v2 container's CPU quota and memory limit", () => {
    const read = files({
      "/proc/self/cgroup": "0::/kubepods/pod1/runner\n",
      "/sys/fs/cgroup/kubepods/pod1/runner/cgroup.controllers": "cpu memory pids",
      "/sys/fs/cgroup/kubepods/pod1/runner/cpu.max": "300000 100000\n",
      "/sys/fs/cgroup/kubepods/pod1/runner/memory.max": `${10 * GIB}\n`,
    });
    expect(cgroupLimits(read)).toEqual({ cores: 3, memoryBytes: 10 * GIB });
  });

  it("takes v2's 'max' as no limit", () => {
    const read = files({
      "/proc/self/cgroup": "0::/\n",
      "/sys/fs/cgroup/cgroup.controllers": "cpu memory",
      "/sys/fs/cgroup/cpu.max": "max 100000\n",
      "/sys/fs/cgroup/memory.max": "max\n",
    });
    expect(cgroupLimits(read)).toEqual({ cores: undefined, memoryBytes: undefined });
  });

  it("reads cgroup v1's cpu and memory controllers, a quota of -1 being none", () => {
    const read = files({
      "/proc/self/cgroup": "4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n0::/\n",
      "/sys/fs/cgroup/cpu/docker/abc/cpu.cfs_quota_us": "150000\n",
      "/sys/fs/cgroup/cpu/docker/abc/cpu.cfs_period_us": "100000\n",
      "/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": `${4 * GIB}\n`,
    });
    expect(cgroupLimits(read)).toEqual({ cores: 1, memoryBytes: 4 * GIB });
    const unlimited = files({
      "/proc/self/cgroup": "2:cpu,cpuacct:/\n",
      "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
      "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
    });
    expect(cgroupLimits(unlimited)).toEqual({ cores: undefined, memoryBytes: undefined });
  });

  it("lowers the machine's own figures to the container's limits", () => {
    const read = files({
      "/proc/self/cgroup": "0::/pod\n",
      "/sys/fs/cgroup/pod/cgroup.controllers": "cpu memory",
      "/sys/fs/cgroup/pod/cpu.max": "100000 100000",
      "/sys/fs/cgroup/pod/memory.max": `${GIB}`,
    });
    expect(measureMachine(read)).toEqual({ cores: 1, memoryBytes: GIB });
  });
});

describe("shellCapacity and labCapacity", () => {
  it("serve as many as the limits allow on a roomy machine: 20 shells, every lab account", () => {
    expect(shellCapacity({ cores: 2, memoryBytes: 24 * GIB })).toBe(20);
    expect(labCapacity({ cores: 2, memoryBytes: 24 * GIB }, 8)).toBe(8);
    expect(labCapacity({ cores: 16, memoryBytes: 64 * GIB }, 48)).toBe(48);
    // The class bench's host: 22 labs at once, by its memory.
    expect(labCapacity({ cores: 2, memoryBytes: 24 * GIB }, 32)).toBe(22);
  });

  it("serve fewer where the cores or the memory carry fewer", () => {
    // Half a GiB a shell after 1 GiB held back.
    expect(shellCapacity({ cores: 2, memoryBytes: 3 * GIB })).toBe(4);
    // Eleven labs a core, one GiB each.
    expect(labCapacity({ cores: 1, memoryBytes: 64 * GIB }, 30)).toBe(11);
    expect(labCapacity({ cores: 16, memoryBytes: 6 * GIB }, 30)).toBe(5);
  });
});
