#!/usr/bin/env python3
"""Helpers that PostfixFixture runs next to its private Postfix, as an unprivileged user (never root or postfix).

  policy --socket PATH --logins FILE --window S --delay S --log FILE
      A Postfix policy service (check_policy_service) for POP before SMTP: a client address may relay if the
      Dovecot post-login script recorded a POP3 login from it at least S(delay) and at most S(window) seconds ago
      (the logins file has one "<address> <unix time>" line per login and is read again for every request, so new
      logins count at once). Answers "OK" (relay) or "DUNNO" (the next restriction decides: reject_unauth_destination).
  sink --dir DIR --queue-id ID --recipient ADDRESS
      A pipe(8) delivery agent for mail to other domains: stores the message from stdin (CRLF line ends) as
      DIR/<time>-<id>.eml and its recipient as the .rcpt file next to it. Nothing ever leaves the machine.
"""
import argparse
import os
import re
import socketserver
import sys
import threading
import time


def recent_logins(logins_file, address):
    times = []
    try:
        with open(logins_file, encoding="ascii", errors="replace") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] == address:
                    try:
                        times.append(float(parts[1]))
                    except ValueError:
                        pass
    except FileNotFoundError:
        pass
    return times


def policy(args):
    log_lock = threading.Lock()

    def log(text):
        with log_lock, open(args.log, "a", encoding="utf-8") as f:
            f.write("%.3f %s\n" % (time.time(), text))

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            # Postfix keeps the connection open for further requests: one request per empty-line-terminated block.
            while True:
                attributes = {}
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    line = line.decode("utf-8", "replace").rstrip("\r\n")
                    if not line:
                        break
                    name, _, value = line.partition("=")
                    attributes[name] = value
                address = attributes.get("client_address", "")
                now = time.time()
                ages = [now - t for t in recent_logins(args.logins, address)]
                allowed = any(args.delay <= age <= args.window for age in ages)
                action = "OK" if allowed else "DUNNO"
                log("client=%s recipient=%s login_ages=%s -> %s" % (
                    address, attributes.get("recipient", ""), ",".join("%.1f" % a for a in ages) or "none", action))
                self.wfile.write(("action=%s\n\n" % action).encode())
                self.wfile.flush()

    class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
        daemon_threads = True

    if os.path.exists(args.socket):
        os.unlink(args.socket)
    old_umask = os.umask(0o111)  # the socket: 0666, Postfix's smtpd (user postfix) connects to it
    server = Server(args.socket, Handler)
    os.umask(old_umask)
    log("listening on %s: window %ss, delay %ss, logins from %s" % (args.socket, args.window, args.delay, args.logins))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def sink(args):
    data = sys.stdin.buffer.read()
    # Postfix hands the message on with LF line ends; an SMTP client sent CRLF.
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    base = os.path.join(args.dir, "%019d-%s" % (time.time_ns(), re.sub(r"[^A-Za-z0-9]", "_", args.queue_id)))
    with open(base + ".rcpt.tmp", "w", encoding="utf-8") as f:
        f.write(args.recipient)
    with open(base + ".eml.tmp", "wb") as f:
        f.write(data)
    os.rename(base + ".rcpt.tmp", base + ".rcpt")
    os.rename(base + ".eml.tmp", base + ".eml")  # last: a reader that sees the .eml sees both complete
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("policy")
    p.add_argument("--socket", required=True)
    p.add_argument("--logins", required=True)
    p.add_argument("--window", type=float, required=True)
    p.add_argument("--delay", type=float, required=True)
    p.add_argument("--log", required=True)
    s = sub.add_parser("sink")
    s.add_argument("--dir", required=True)
    s.add_argument("--queue-id", required=True)
    s.add_argument("--recipient", required=True)
    args = parser.parse_args()
    return policy(args) if args.command == "policy" else sink(args)


if __name__ == "__main__":
    sys.exit(main())
