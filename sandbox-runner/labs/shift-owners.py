"""Gives a kept lab's files to the lab account that resumes it.

Usage: shift-owners.py ROOT MAP

ROOT is the kept disk's file system, mounted by the host (nosuid, nodev) and
used by nothing: no lab runs on it while this runs. MAP is JSON, {"uid": [...],
"gid": [...]}, each a list of [from, to, count] ranges: a file whose owner (or
group) is from+i for i below count gets to+i. Every lab account's own id and its subordinate ids map to the
resuming account's, so a disk kept under any account (or half shifted by a run
that died) comes out whole under the new one. Ids in no range are left alone.
That makes a run idempotent: run again over a disk a killed run left half
shifted, it completes it, and the host counts a disk shifted only once a run
has printed its last line (kept-disks.ts).

What the lab wrote is hostile: names are only ever opened relative to the
directory that holds them, with O_NOFOLLOW, never as a path, and symbolic links
are changed themselves (lchown), never followed. The file system is the disk's
alone, so a hard link cannot reach anything outside it, and the walk does not
leave it (a mount point inside it is not crossed). chown clears the set-user-ID
and set-group-ID bits, so they are put back on the file itself, by descriptor.

The walk is a loop over an explicit stack, not recursion: a lab can nest
folders deeper than Python's recursion limit (a 1,150-deep one crashed the
recursive walk). It holds two descriptors at most, the top's and the current
folder's: going down opens the child by name from its parent, going up opens
".." from the child, and each is checked to be the very folder (device and
inode) the walk listed, so nothing moved in between goes unnoticed.
Prints "done FILES CHANGED" when done, and nothing else. Standard library only:
the host's python3.
"""

import json
import os
import stat
import sys

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def mapper(ranges):
    def shifted(ident):
        for start, to, count in ranges:
            if start <= ident < start + count:
                return to + ident - start
        return ident

    return shifted


def open_dir(name, dir_fd, ident):
    """The folder `name` in `dir_fd`, which must be the one the walk saw as `ident` (device, inode)."""
    fd = os.open(name, DIR_FLAGS, dir_fd=dir_fd)
    info = os.fstat(fd)
    if (info.st_dev, info.st_ino) != ident:
        os.close(fd)
        raise RuntimeError("a folder changed while its owners were shifted")
    return fd


def main():
    root, ranges = sys.argv[1], json.loads(sys.argv[2])
    shift_uid = mapper([(int(a), int(b), int(c)) for a, b, c in ranges["uid"]])
    shift_gid = mapper([(int(a), int(b), int(c)) for a, b, c in ranges["gid"]])
    top = os.open(root, DIR_FLAGS)
    top_info = os.fstat(top)
    device = top_info.st_dev
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
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
            try:
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
            finally:
                os.close(fd)

    def visit(dir_fd):
        """Shifts the folder's entries; answers its subfolders on this disk to walk, as (name, (device, inode))."""
        nonlocal files
        below = []
        for name in os.listdir(dir_fd):
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            files += 1
            fix(name, dir_fd, info)
            # Another file system mounted inside (none should be: the disk is unused) is not this disk's to change.
            if stat.S_ISDIR(info.st_mode) and info.st_dev == device:
                below.append((name, (info.st_dev, info.st_ino)))
        return below

    fix(".", top, os.stat(".", dir_fd=top, follow_symlinks=False))
    # Each frame: the folder's identity and its subfolders still to walk. `current` is the last frame's descriptor.
    stack = [((device, top_info.st_ino), visit(top))]
    current = top
    try:
        while stack:
            ident, pending = stack[-1]
            if pending:
                name, child_ident = pending.pop()
                child = open_dir(name, current, child_ident)
                if current != top:
                    os.close(current)
                current = child
                stack.append((child_ident, visit(child)))
                continue
            stack.pop()
            if not stack:
                break
            parent_ident = stack[-1][0]
            parent = top if len(stack) == 1 else open_dir("..", current, parent_ident)
            os.close(current)
            current = parent
    finally:
        if current != top:
            os.close(current)
        os.close(top)
    print("done", files, changed)


if __name__ == "__main__":
    main()
