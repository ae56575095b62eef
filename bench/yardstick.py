"""Runs the fetch-guest Debian guest under qemu-system-arm (the yardstick) or under bin/vmm, on a
pseudo-terminal, for the bench/boot-time and bench/virtio-blk scripts.

The guest is driven the way a person at the console would: wait for the shell prompt, type a
command, wait for its output. Reading is done on the pty master with select(), so a guest that goes
quiet is noticed by a deadline rather than by a blocked read.
"""
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import termios
import time
import tty
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What scripts/guest-initramfs.py makes /init print: the marker once the modules are loaded, then
# the shell's PS1.
READY_MARKER = b"ARMVMM-GUEST-READY"
PROMPT = b"armvmm-guest# "
VMMS = ("qemu", "vmm")


class YardstickError(Exception):
    """A problem with the set-up (missing tool, missing guest files): reported in one line."""


class GuestTimeout(Exception):
    """The guest did not print what was expected in time; carries the console's last line."""


@dataclass(frozen=True)
class Guest:
    flavour: str
    zimage: Path
    dtb: Path
    initrd: Path

    @staticmethod
    def fetched(flavour):
        """The kernel, DTB and initramfs scripts/fetch-guest left in its cache."""
        cache = subprocess.run([str(ROOT / "scripts" / "fetch-guest"), "--print-dir"],
                               capture_output=True, text=True, check=True).stdout.strip()
        d = Path(cache) / flavour
        g = Guest(flavour, d / "zImage", d / "vexpress-v2p-ca15-tc1.dtb", d / "initramfs.cpio.gz")
        for f in (g.zimage, g.dtb, g.initrd):
            if not f.is_file():
                raise YardstickError(f"{f} is missing: run scripts/fetch-guest first")
        return g


def ensure_qemu():
    """qemu-system-arm is the yardstick, never a test dependency: installed here, on demand."""
    if shutil.which("qemu-system-arm"):
        return
    if os.geteuid() != 0:
        raise YardstickError("qemu-system-arm is not installed (apt-get install qemu-system-arm, as root)")
    print("installing qemu-system-arm (apt-get)", flush=True)
    r = subprocess.run(["apt-get", "install", "-y", "-qq", "qemu-system-arm"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0 or not shutil.which("qemu-system-arm"):
        raise YardstickError("apt-get install qemu-system-arm failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])


def ensure_vmm_built():
    """bin/vmm builds the distribution on first use; do that now so no timed run pays for it."""
    r = subprocess.run([str(ROOT / "bin" / "vmm"), "--version"], capture_output=True, text=True)
    if r.returncode != 0:
        raise YardstickError("bin/vmm --version failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])


BOARDS = ("vexpress-a15", "virt")


def command(vmm, guest, memory_mib, append, drive=None, accel="tcg", drive_format="raw", extra=(), board="vexpress-a15"):
    """The command line that boots guest under vmm ("qemu" or "vmm") on board, console on stdio; drive_format is
    raw or qcow2 (which bin/vmm serves through qemu-nbd); extra is appended to bin/vmm's arguments.
    vexpress-a15 boots with Debian's tree for the board; virt with the tree its VMM generates (QEMU's
    virt: a Cortex-A15 too, and without its default PCI NIC, which the VMM does not have)."""
    dtb = ["-dtb", str(guest.dtb)] if board == "vexpress-a15" else ["-cpu", "cortex-a15", "-nic", "none"]
    if vmm == "qemu":
        argv = ["qemu-system-arm", "-M", board, "-m", str(memory_mib), "-nographic", "-no-reboot",
                "-kernel", str(guest.zimage), *dtb, "-initrd", str(guest.initrd),
                "-append", append]
        if drive:
            argv += ["-drive", f"file={drive},format={drive_format},if=none,id=d0", "-device", "virtio-blk-device,drive=d0"]
        return argv
    argv = [str(ROOT / "bin" / "vmm"), "run", "--board", board, "--accel", accel,
            "--memory", f"{memory_mib}M", "--kernel", str(guest.zimage),
            *(["--dtb", str(guest.dtb)] if board == "vexpress-a15" else []),
            "--initrd", str(guest.initrd), "--append", append, "--serial", "stdio", "--no-reboot"]
    if drive:
        argv += ["--drive", f"file={drive},format={drive_format}"]
    return argv + list(extra)


def _take_controlling_tty():
    # After start_new_session's setsid(): make the pty (already on fd 0) this session's terminal,
    # as a login would, so that a VMM that opens /dev/tty to set raw mode finds it.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Console:
    """One VMM process on a pty. All times are seconds of time.monotonic() since the spawn."""

    def __init__(self, argv, log_path):
        self.log_path = Path(log_path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.transcript = bytearray()
        self.pos = 0  # expect() searches from here: what was matched once is not matched again
        self.eof = False
        master, slave = pty.openpty()
        tty.setraw(slave)  # the VMM sees exactly the bytes typed, as from a terminal in raw mode
        self.log = open(self.log_path, "wb", buffering=0)  # written as it comes, to watch a slow boot
        self.stderr = open(self.log_path.with_suffix(".stderr"), "wb")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=self.stderr,
                                     start_new_session=True, preexec_fn=_take_controlling_tty)
        os.close(slave)
        self.master = master

    def now(self):
        return time.monotonic() - self.t0

    def _read(self, until):
        """Reads what the guest printed, waiting at most until the deadline; False at end of output."""
        wait = until - time.monotonic()
        if self.eof or wait <= 0:
            return False
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: every holder of the pty's other side has gone
            data = b""
        if not data:
            self.eof = True
            return False
        self.transcript += data
        self.log.write(data)
        return True

    def expect(self, pattern, timeout):
        """Waits for the regex (bytes) in the output after the last match; returns (match, time seen)."""
        rx = re.compile(pattern)
        shown = re.sub(rb"\\(.)", rb"\1", pattern).decode("utf-8", "replace")  # re.escape undone, for messages
        until = time.monotonic() + timeout
        while True:
            m = rx.search(self.transcript, self.pos)
            if m:
                self.pos = m.end()
                return m, self.now()
            if not self._read(until):
                if self.eof or self.proc.poll() is not None:
                    raise GuestTimeout(f"the VMM exited (status {self.proc.wait()}) before {shown!r} appeared: "
                                       f"{self.stderr_tail() or self.last_line()!r}")
                raise GuestTimeout(f"{timeout:.0f} s passed before {shown!r} appeared; last output: {self.last_line()!r}")

    def send(self, text):
        os.write(self.master, text.encode())

    def wait_exit(self, timeout):
        """Keeps draining the console (a full pty would block the VMM) until the process exits."""
        until = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() >= until:
                raise GuestTimeout(f"the VMM did not exit within {timeout:.0f} s; last output: {self.last_line()!r}")
            if not self._read(min(until, time.monotonic() + 0.05)):
                time.sleep(0.01)
        return self.proc.returncode, self.now()

    def last_line(self):
        lines = [l for l in bytes(self.transcript).replace(b"\r", b"").split(b"\n") if l.strip()]
        return lines[-1].decode("utf-8", "replace")[-160:] if lines else ""

    def stderr_tail(self):
        self.stderr.flush()
        lines = self.log_path.with_suffix(".stderr").read_bytes().strip().splitlines()
        return lines[-1].decode("utf-8", "replace")[-160:] if lines else ""

    def close(self):
        """Kills the VMM's process group if it is still there."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        os.close(self.master)
        self.stderr.close()
        self.log.close()


# Shell arithmetic the console's echo of the typed line does not contain, so a marker is matched
# only when the guest's shell prints it.
MARK = "$((6*7))"
MARK_OUT = "42"


def shell(con, cmd, timeout):
    """Runs one command line at the prompt; returns (exit status, what it printed)."""
    con.send(f"{cmd}; echo \"@@rc-{MARK} $?\"\r")
    start = con.pos
    m, _ = con.expect(rb"@@rc-" + MARK_OUT.encode() + rb" (\d+)[\r\n]", timeout)
    con.expect(re.escape(PROMPT), timeout)
    return int(m.group(1)), bytes(con.transcript[start:m.start()]).decode("utf-8", "replace")


def wait_for_shell(con, timeout):
    """Boot to the prompt /init's shell prints after loading the modules; returns its time."""
    until = time.monotonic() + timeout
    con.expect(re.escape(READY_MARKER), timeout)
    return con.expect(re.escape(PROMPT), until - time.monotonic())[1]


def median(values):
    return statistics.median(values) if values else None


def fmt(value, spec="8.2f"):
    return format(value, spec) if value is not None else format("-", ">" + spec.split(".")[0])
