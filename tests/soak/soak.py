#!/usr/bin/env python3
"""The soak: the real mailshim-service in front of the real Dovecot, many sessions, and proof that nothing leaks.

Usage (through tests/soak/run.sh, which builds the programs and needs root for the private Dovecot):
  soak.py --service BIN --dovecot BIN [--sessions 20000] [--concurrency 50] [--abusive 0.10]
          [--restart-every 4000] [--seed 1] [--out DIR] [--plot FILE]

- Dovecot: the test fixture's (mailshim-test-dovecot: APOP, STLS, POP3S, user alice with the test mailbox), given a
  busy server's limits, and restarted every --restart-every sessions (a clean stop and start between two sessions:
  a well-behaved session caught by a restart could not have got its bytes, whoever was at fault).
- MailShim: mailshim-service --console with four listeners, one per mode (apop, tls, stls, apop+tls), each
  verifying Dovecot's certificate against the fixture's CA.
- Clients: --concurrency threads, each with its own mailbox (a copy of the fixture's), run --sessions sessions over
  the four listeners. A well-behaved one logs in, sends STAT, RETRs up to three of the small messages (and, one
  session in a hundred, the 20 MiB one) and compares each byte with the fixture's copy, and QUITs. The --abusive share
  instead drops the connection in the middle of a RETR, sends an overlong line, sends binary garbage, or reads a
  RETR one small piece at a time and then leaves.
- Every second: the service's resident memory (VmRSS) and open descriptors (/proc/PID/fd).

Passes when every well-behaved session got every byte, the service is still running, and after warm-up (the first
10% of the samples) memory and descriptors stay flat: the mean of the last quarter of the samples is under 2% above
the mean of the first quarter (samples taken while the last sessions drain are left out: fewer sessions, not less
leaking). Prints the curve as a table and writes a PNG plot with gnuplot.
"""

import argparse
import json
import os
import poplib
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MODES = ["apop", "tls", "stls", "apop+tls"]
ABUSES = ["drop-mid-retr", "overlong-line", "garbage", "slow-reader"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


class Dovecot:
    """mailshim-test-dovecot for the files, then Dovecot itself run here with a busy server's limits."""

    LIMITS = """
# Added by tests/soak/soak.py: a busy server's limits, as the benchmark sets them
default_process_limit = 5000
default_client_limit = 20000
mail_max_userip_connections = 20000
service pop3-login {
  service_count = 0
  process_limit = 1
  client_limit = 20000
}
"""

    def __init__(self, program, workdir, users):
        self.fixture = subprocess.Popen([program, workdir], stdout=subprocess.PIPE, text=True)
        if self.fixture.stdout.readline().strip() != "ready":
            raise RuntimeError("mailshim-test-dovecot did not start")
        self.env = {}
        with open(os.path.join(workdir, "fixture.env")) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                self.env[key] = value
        self.expected = {}
        for n in range(1, int(self.env["MESSAGES"]) + 1):
            with open(os.path.join(workdir, "expected", f"{n}.eml"), "rb") as f:
                self.expected[n] = f.read()
        self.dir = os.path.dirname(self.env["LOG_FILE"])
        self.config = os.path.join(self.dir, "dovecot.conf")
        # One mailbox per client thread, each a copy of the fixture's: like a real server, many users at once (the
        # sessions of one user would wait for each other on the mailbox's index lock).
        self.users = []
        alice = os.path.join(self.dir, "mail", self.env["MAIL_USER"])
        owner = os.stat(alice)
        with open(os.path.join(self.dir, "passwd"), "a") as passwd:
            for k in range(users):
                name, password = f"soak{k:02}", f"soak-secret-{k:02}"
                passwd.write(f"{name}:{{PLAIN}}{password}::::::\n")
                shutil.copytree(alice, os.path.join(self.dir, "mail", name), symlinks=True)
                for root, dirs, files in os.walk(os.path.join(self.dir, "mail", name)):
                    for entry in [root] + [os.path.join(root, e) for e in dirs + files]:
                        os.lchown(entry, owner.st_uid, owner.st_gid)
                self.users.append((name, password))
        with open(self.config, "a") as f:
            f.write(self.LIMITS)
        self.restarts = 0
        self.restart(count=False)  # the fixture's Dovecot gives way to one with the limits above

    def master_pid(self):
        with open(os.path.join(self.dir, "run", "master.pid")) as f:
            return int(f.read().strip())

    def stop(self):
        try:
            pid = self.master_pid()
        except (OSError, ValueError):
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise RuntimeError("Dovecot did not stop")

    def restart(self, count=True):
        self.stop()
        subprocess.run(["dovecot", "-c", self.config], check=True)
        for port in (int(self.env["POP3_PORT"]), int(self.env["POP3S_PORT"])):
            if not wait_for_port(port):
                raise RuntimeError(f"Dovecot is not listening on {port} after a restart")
        if count:
            self.restarts += 1

    def close(self):
        self.stop()
        self.fixture.send_signal(signal.SIGTERM)
        self.fixture.wait(timeout=30)


class Service:
    def __init__(self, program, dovecot, workdir):
        self.ports = {}
        listeners = []
        for mode in MODES:
            port = free_port()
            self.ports[mode] = port
            implicit = mode in ("tls", "apop+tls")
            upstream = {"host": dovecot.env["HOST"], "security": mode,
                        "port": int(dovecot.env["POP3S_PORT" if implicit else "POP3_PORT"])}
            if mode != "apop":
                upstream["caFile"] = dovecot.env["CA_FILE"]
            listeners.append({"name": mode, "listen": f"127.0.0.1:{port}", "upstream": upstream,
                              "maxSessions": 1000, "failedAccountRetrySeconds": 0})
        config = {"listeners": listeners, "limits": {"maxSessionsTotal": 5000}, "logLevel": "problems"}
        self.config = os.path.join(workdir, "mailshim.json")
        with open(self.config, "w") as f:
            json.dump(config, f, indent=2)
        self.log = open(os.path.join(workdir, "mailshim.log"), "wb")
        self.process = subprocess.Popen([program, "--console", "--config", self.config], stdout=self.log,
                                        stderr=subprocess.STDOUT)
        for port in self.ports.values():
            if not wait_for_port(port):
                raise RuntimeError(f"mailshim-service is not listening on {port}; see {self.log.name}")

    def sample(self):
        rss = 0
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        return rss, len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def close(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Soak:
    def __init__(self, args, dovecot, service):
        self.args = args
        self.dovecot = dovecot
        self.service = service
        self.lock = threading.Condition()
        self.started = 0  # sessions handed out
        self.running = 0  # sessions in progress
        self.pausing = False  # a Dovecot restart is waiting for the running sessions to end
        self.good = 0
        self.good_seconds = []  # how long each well-behaved session took
        self.good_failed = []
        self.abusive = {abuse: 0 for abuse in ABUSES}
        self.abusive_slowest = {abuse: 0.0 for abuse in ABUSES}
        self.samples = []  # (seconds, sessions done, rss KiB, descriptors)
        self.done = False

    # Hands out the next session number, or None when all are out; holds back while a restart is due.
    def next_session(self):
        with self.lock:
            while self.pausing:
                self.lock.wait()
            if self.started >= self.args.sessions:
                return None
            self.started += 1
            number = self.started
            self.running += 1
            if number % self.args.restart_every == 0 and number < self.args.sessions:
                self.pausing = True  # this is the last session before the restart
            return number

    def session_done(self):
        with self.lock:
            self.running -= 1
            if self.pausing and self.running == 0:
                self.dovecot.restart()
                self.pausing = False
            self.lock.notify_all()

    def worker(self, index):
        rng = random.Random(self.args.seed * 1000 + index)
        while True:
            number = self.next_session()
            if number is None:
                return
            try:
                mode = rng.choice(MODES)
                port = self.service.ports[mode]
                if rng.random() < self.args.abusive:
                    abuse = rng.choice(ABUSES)
                    began = time.monotonic()
                    try:
                        getattr(self, abuse.replace("-", "_"))(port, rng)
                    except OSError:
                        pass  # an abusive client may well be cut off; what matters is that the others are not
                    with self.lock:
                        self.abusive[abuse] += 1
                        self.abusive_slowest[abuse] = max(self.abusive_slowest[abuse], time.monotonic() - began)
                else:
                    began = time.monotonic()
                    error = self.well_behaved(port, rng)
                    with self.lock:
                        self.good_seconds.append(time.monotonic() - began)
                        if error:
                            self.good_failed.append(f"session {number} via {mode}: {error}")
                        else:
                            self.good += 1
            finally:
                self.session_done()

    def login(self, port):
        user, password = self.dovecot.users[threading.current_thread().index]
        client = poplib.POP3("127.0.0.1", port, timeout=60)
        client.user(user)
        client.pass_(password)
        return client

    def well_behaved(self, port, rng):
        try:
            client = self.login(port)
            count, _ = client.stat()
            if count != len(self.dovecot.expected):
                return f"STAT says {count} messages, the mailbox has {len(self.dovecot.expected)}"
            # Up to three of the small messages; one session in a hundred also takes the 20 MiB one (the relay's
            # bounded streaming, in the same process as everything else).
            small = [n for n in sorted(self.dovecot.expected) if len(self.dovecot.expected[n]) < 1 << 20]
            chosen = rng.sample(small, min(3, len(small)))
            if rng.random() < 0.01:
                chosen += [n for n in self.dovecot.expected if n not in small]
            for n in chosen:
                lines = client.retr(n)[1]
                if b"\r\n".join(lines) + b"\r\n" != self.dovecot.expected[n]:
                    return f"RETR {n} differs from the stored message"
            if not client.quit().startswith(b"+OK"):
                return "QUIT was not answered +OK"
            return None
        except (OSError, poplib.error_proto) as e:
            return f"{type(e).__name__}: {e}"

    def drop_mid_retr(self, port, rng):
        client = self.login(port)
        client._putcmd(f"RETR {rng.randint(1, len(self.dovecot.expected))}")
        client.sock.recv(rng.randint(1, 64))
        client.close()  # the socket itself, not only poplib's reference to it

    def overlong_line(self, port, rng):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.recv(512)
            s.sendall(b"USER " + b"A" * rng.randint(300, 5000) + b"\r\n")
            while s.recv(4096):
                pass

    def garbage(self, port, rng):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.recv(512)
            s.sendall(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000))))
            s.settimeout(1)  # then it goes, answered or not (a fragment without LF would be kept until the login
            try:  # deadline, 60 s: not this client's business)
                while s.recv(4096):
                    pass
            except socket.timeout:
                pass

    def slow_reader(self, port, rng):
        client = self.login(port)
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client._putcmd(f"RETR {rng.randint(1, len(self.dovecot.expected))}")
        client.sock.settimeout(2)
        received = b""
        for _ in range(rng.randint(5, 20)):
            piece = client.sock.recv(64)
            received += piece
            if not piece or received.endswith(b"\r\n.\r\n"):
                break  # a small message is over before the reader tires of it
            time.sleep(0.05)
        client.close()

    def sampler(self, start):
        while not self.done:
            rss, fds = self.service.sample()
            with self.lock:
                finished = self.started - self.running
                draining = self.started >= self.args.sessions  # the last sessions ending: fewer at once
            self.samples.append((time.monotonic() - start, finished, rss, fds, draining))
            time.sleep(1)

    def run(self):
        start = time.monotonic()
        sampler = threading.Thread(target=self.sampler, args=(start,), daemon=True)
        sampler.start()
        workers = [threading.Thread(target=self.worker, args=(i,)) for i in range(self.args.concurrency)]
        for index, w in enumerate(workers):
            w.index = index  # which mailbox it uses
            w.start()
        for w in workers:
            w.join()
        time.sleep(2)  # the last sessions' sockets close
        self.done = True
        sampler.join()
        return time.monotonic() - start


def flat(values, name):
    """Growth from the first to the last quarter of the values after warm-up (the first 10%); values are taken while
    all clients are busy (not while the last sessions drain)."""
    settled = values[len(values) // 10:]
    quarter = max(1, len(settled) // 4)
    first, last = statistics.mean(settled[:quarter]), statistics.mean(settled[-quarter:])
    growth = (last - first) / first * 100 if first else 0.0
    print(f"{name}: first quarter {first:.1f}, last quarter {last:.1f}, growth {growth:+.2f}% (limit +2%)")
    return growth < 2.0


def report(soak, seconds, plot):
    samples = soak.samples
    print(f"\n{soak.args.sessions} sessions in {seconds:.0f} s, {soak.args.concurrency} at a time; "
          f"well-behaved {soak.good} ok, {len(soak.good_failed)} failed; abusive "
          + ", ".join(f"{k} {v}" for k, v in soak.abusive.items())
          + f"; Dovecot restarted {soak.dovecot.restarts} times")
    if soak.good_seconds:
        times = sorted(soak.good_seconds)
        print(f"well-behaved session time: median {times[len(times) // 2] * 1000:.0f} ms, "
              f"99th percentile {times[int(len(times) * 0.99)] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms")
    print("slowest abusive session: " + ", ".join(f"{k} {v:.1f} s" for k, v in soak.abusive_slowest.items()))
    for failure in soak.good_failed[:20]:
        print("  FAILED " + failure)
    print("\n| seconds | sessions done | RSS (MiB) | descriptors |\n|---:|---:|---:|---:|")
    step = max(1, len(samples) // 30)
    for t, done, rss, fds, _ in samples[::step] + ([samples[-1]] if (len(samples) - 1) % step else []):
        print(f"| {t:.0f} | {done} | {rss / 1024:.1f} | {fds} |")
    print()
    busy = [s for s in samples if not s[4]]
    rss_ok = flat([s[2] for s in busy], "resident memory (KiB)")
    fds_ok = flat([s[3] for s in busy], "open descriptors")
    if plot:
        data = plot + ".dat"
        with open(data, "w") as f:
            for t, done, rss, fds, _ in samples:
                f.write(f"{t:.1f} {done} {rss / 1024:.2f} {fds}\n")
        script = f"""set terminal pngcairo size 900,420 font ",10"
set output "{plot}"
set title "mailshim-service under the soak: {soak.args.sessions} sessions, {soak.args.concurrency} at a time, \
{int(soak.args.abusive * 100)}% abusive, Dovecot restarted {soak.dovecot.restarts} times"
set xlabel "sessions done"
set ylabel "resident memory (MiB)"
set y2label "open descriptors"
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set key bottom right
plot "{data}" using 2:3 with lines lw 2 title "RSS (MiB)", "{data}" using 2:4 axes x1y2 with lines title "descriptors"
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        os.remove(data)
        print(f"plot: {plot}")
    return rss_ok and fds_ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--service", required=True)
    parser.add_argument("--dovecot", required=True)
    parser.add_argument("--sessions", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--abusive", type=float, default=0.10)
    parser.add_argument("--restart-every", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plot", help="where to write the PNG plot (needs gnuplot)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="mailshim-soak-")
    os.chmod(workdir, 0o755)
    dovecot = service = None
    try:
        dovecot = Dovecot(args.dovecot, os.path.join(workdir, "dovecot"), args.concurrency)
        service = Service(args.service, dovecot, workdir)
        soak = Soak(args, dovecot, service)
        seconds = soak.run()
        alive = service.process.poll() is None
        if not alive:
            print(f"mailshim-service exited with {service.process.returncode} during the soak")
        ok = report(soak, seconds, args.plot)
        ok = ok and alive and not soak.good_failed and soak.good > 0
        print("soak: " + ("PASSED" if ok else "FAILED"))
        return 0 if ok else 1
    finally:
        if service:
            service.close()
        if dovecot:
            dovecot.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
