"""Gives a kept lab's files to the lab account that resumes it.

Usage: shift-owners.py ROOT MAP

ROOT is the kept disk's file system, mounted by the host (nosuid, nodev) and
used by nothing: no lab runs on it while this runs. MAP is JSON, {"uid": [...],
"gid": [...]}, each a list of [from, to, count] ranges: a file whose owner (or
group) is from+i for i below count gets to+i. Every lab account's own id and its subordinate ids map to the
resuming account's, so a disk kept under any account (or half shifted by a run
that died) comes out whole under the new one. Ids in no range are left alone.

What the lab wrote is hostile: names are only ever opened relative to the
directory that holds them, with O_NOFOLLOW, never as a path, and symbolic links
are changed themselves (lchown), never followed. The file system is the disk's
alone, so a hard link cannot reach anything outside it, and the walk does not
leave it (a mount point inside it is not crossed). chown clears the set-user-ID
and set-group-ID bits, so they are put back on the file itself, by descriptor.
Prints "FILES CHANGED" when done. Standard library only: the host's python3.
"""

import json
import os
import stat
import sys


def mapper(ranges):
    def shifted(ident):
        for start, to, count in ranges:
            if start <= ident < start + count:
                return to + ident - start
        return ident

    return shifted


def main():
    root, ranges = sys.argv[1], json.loads(sys.argv[2])
    shift_uid = mapper([(int(a), int(b), int(c)) for a, b, c in ranges["uid"]])
    shift_gid = mapper([(int(a), int(b), int(c)) for a, b, c in ranges["gid"]])
    top = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    device = os.fstat(top).st_dev
    files = changed = 0

    def fix(name, dir_fd, info):
        nonlocal changed
        uid, gid = shift_uid(info.st_uid), shift_gid(info.st_gid)
        if (uid, gid) == (info.st_uid, info.st_gid):
            return
        os.chown(name, uid, gid, dir_fd=dir_fd, follow_symlinks=False)
        changed += 1
        special = stat.S_IMODE(info.st_mode) & (stat.S_ISUID | stat.S_ISGID)
        if special and stat.S_ISREG(info.st_mode):
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
            try:
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
            finally:
                os.close(fd)

    fix(".", top, os.stat(".", dir_fd=top, follow_symlinks=False))
    # fwalk hands each directory's descriptor; with follow_symlinks=False it never enters a link to a directory.
    for _dirpath, dirnames, filenames, dir_fd in os.fwalk(".", dir_fd=top, follow_symlinks=False):
        for name in filenames + dirnames:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            files += 1
            fix(name, dir_fd, info)
        # Another file system mounted inside (none should be: the disk is unused) is not this disk's to change.
        dirnames[:] = [d for d in dirnames if os.stat(d, dir_fd=dir_fd, follow_symlinks=False).st_dev == device]
    os.close(top)
    print(files, changed)


if __name__ == "__main__":
    main()
