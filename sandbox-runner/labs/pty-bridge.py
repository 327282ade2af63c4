"""A terminal for a command, for a parent that has no pty of its own (Node).

Usage: pty-bridge.py COLS ROWS -- COMMAND [ARG...]

Runs COMMAND on a new pseudo-terminal of COLS x ROWS, in a session of its own
with the terminal as its controlling tty. Bytes on stdin go to the terminal
(so Ctrl-C there interrupts the command's foreground job, never this bridge),
what the terminal prints goes to stdout, and each line "COLS ROWS" read on fd 3
resizes the terminal (the foreground job gets SIGWINCH). Exits when the
command's terminal closes, with its exit code (128 + signal when killed).
Standard library only: it runs under the host's /usr/bin/python3.
"""

import errno
import fcntl
import os
import select
import signal
import struct
import sys
import termios

READ_SIZE = 16 * 1024
# Held input beyond this stops reading stdin, so a shell that reads slowly
# pushes back on the parent's pipe instead of growing this buffer.
MAX_PENDING_INPUT = 64 * 1024
# The same for output: a parent that stops reading stops the command's writes.
MAX_PENDING_OUTPUT = 64 * 1024
RESIZE_FD = 3


def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def parse_size(text):
    parts = text.split()
    if len(parts) != 2:
        return None
    try:
        cols, rows = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    if not (1 <= cols <= 1000 and 1 <= rows <= 1000):
        return None
    return cols, rows


def start(argv, cols, rows):
    master, slave = os.openpty()
    set_size(slave, cols, rows)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.closerange(3, 256)
            # Python ignores SIGPIPE and the ignore would outlive exec.
            for sig in (signal.SIGPIPE, signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
                signal.signal(sig, signal.SIG_DFL)
            os.execvp(argv[0], argv)
        except BaseException as err:  # noqa: BLE001 - nothing may return into the parent's loop
            os.write(2, f"pty-bridge: cannot run {argv[0]}: {err}\r\n".encode())
        os._exit(127)
    os.close(slave)
    return pid, master


def nonblocking(fd):
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)


def bridge(pid, master):
    stdin, stdout = 0, 1
    for fd in (master, stdout):
        nonblocking(fd)
    resize = RESIZE_FD if is_open(RESIZE_FD) else None
    resize_text = b""
    to_pty = b""
    to_out = b""
    stdin_open = True
    pty_open = True
    status = None
    while pty_open or to_out:
        readers, writers = [], []
        if stdin_open and len(to_pty) < MAX_PENDING_INPUT:
            readers.append(stdin)
        if pty_open and len(to_out) < MAX_PENDING_OUTPUT:
            readers.append(master)
        if resize is not None:
            readers.append(resize)
        if to_pty and pty_open:
            writers.append(master)
        if to_out:
            writers.append(stdout)
        try:
            # A timeout, to notice the command's end while a background job it left still holds the terminal.
            ready_r, ready_w, _ = select.select(readers, writers, [], 0.5)
        except InterruptedError:
            continue
        if status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = raw
        if status is not None and master not in ready_r:
            # Ended, and nothing more to read: what it printed last is out, and leftovers get the hang-up.
            pty_open = False
        if master in ready_r:
            try:
                data = os.read(master, READ_SIZE)
            except OSError as err:
                # EIO: every process holding the terminal has gone.
                if err.errno not in (errno.EIO, errno.EAGAIN):
                    raise
                data = b"" if err.errno == errno.EIO else None
            if data == b"":
                pty_open = False
            elif data:
                to_out += data
        if stdout in ready_w:
            try:
                written = os.write(stdout, to_out)
                to_out = to_out[written:]
            except BlockingIOError:
                pass
            except BrokenPipeError:
                # Nobody reads any more: the parent is gone, and the lab with it.
                return hang_up(pid, master, status)
        if stdin in ready_r:
            data = os.read(stdin, READ_SIZE)
            if data:
                to_pty += data
            else:
                stdin_open = False
        if master in ready_w:
            try:
                written = os.write(master, to_pty)
                to_pty = to_pty[written:]
            except BlockingIOError:
                pass
            except OSError as err:
                if err.errno != errno.EIO:
                    raise
                to_pty = b""
        if not stdin_open and not to_pty:
            # The parent closed the terminal: hang it up, as a closed window does.
            return hang_up(pid, master, status)
        if resize is not None and resize in ready_r:
            try:
                data = os.read(resize, 1024)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                resize = None
                continue
            resize_text += data
            *lines, resize_text = resize_text.split(b"\n")
            resize_text = resize_text[-64:]
            for line in lines:
                size = parse_size(line.decode("ascii", "replace"))
                if size:
                    set_size(master, *size)
    os.close(master)
    return code_of(status) if status is not None else exit_code(pid)


def hang_up(pid, master, status):
    os.close(master)
    # Already reaped by the loop: waiting again would find no child.
    if status is not None:
        return code_of(status)
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        pass
    return exit_code(pid)


def exit_code(pid):
    return code_of(os.waitpid(pid, 0)[1])


def code_of(status):
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def main():
    args = sys.argv[1:]
    if len(args) < 4 or args[2] != "--":
        sys.stderr.write("usage: pty-bridge.py COLS ROWS -- COMMAND [ARG...]\n")
        return 2
    size = parse_size(f"{args[0]} {args[1]}")
    if size is None:
        sys.stderr.write("pty-bridge: COLS and ROWS must be numbers from 1 to 1000\n")
        return 2
    # A signal meant for the terminal's job must never end the bridge, which would end the job's terminal.
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
        signal.signal(sig, signal.SIG_IGN)
    pid, master = start(args[3:], *size)
    return bridge(pid, master)


if __name__ == "__main__":
    sys.exit(main())
