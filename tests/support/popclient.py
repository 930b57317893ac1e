#!/usr/bin/env python3
"""A POP3 client for MailShim's tests, built on Python's poplib: the stand-in for an old mail client.

Usage: popclient.py --host H --port P --user U --password W [--auth user|apop] [--tls none|stls|implicit]
                    [--cafile F] [--tls-name N] [--timeout S] ACTION [ARGS]

Actions:
  retr-all DIR         RETR every message into DIR/1.eml, DIR/2.eml, ...; prints the count; then QUIT
  retr N DIR           RETR message N into DIR/N.eml; then QUIT
  stat                 prints "<count> <size>"
  list | uidl          prints one "<n> <size|uid>" line per message
  capa                 prints the CAPA lines (after STLS when --tls stls)
  banner               prints the greeting (before any login)
  dele N [--no-quit]   DELE N, then QUIT (commits), or with --no-quit close the socket without QUIT

A message file holds poplib's lines (dot-stuffing already undone by poplib) joined with CRLF plus a final CRLF:
exactly the message as the server stored it. poplib drops each line's CRLF, so a bare LF in the server's output
would come back as CRLF here; use curl to see raw line ends.

Exit codes: 0 ok, 1 usage, 2 the server answered -ERR (its text on stderr), 3 network error, 4 TLS error.
"""

import argparse
import os
import poplib
import socket
import ssl
import sys


class TlsNamePOP3(poplib.POP3):
    """poplib.POP3 whose STLS checks the certificate for tls_name instead of the host it connected to."""

    tls_name = None

    def stls(self, context=None):
        host = self.host
        self.host = self.tls_name or host
        try:
            return super().stls(context=context)
        finally:
            self.host = host


class TlsNamePOP3_SSL(poplib.POP3_SSL):
    tls_name = None

    def _create_socket(self, timeout):
        sock = poplib.POP3._create_socket(self, timeout)
        return self.context.wrap_socket(sock, server_hostname=self.tls_name or self.host)


def tls_context(args):
    context = ssl.create_default_context(cafile=args.cafile) if args.cafile else ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def connect(args):
    if args.tls == 'implicit':
        TlsNamePOP3_SSL.tls_name = args.tls_name
        client = TlsNamePOP3_SSL(args.host, args.port, timeout=args.timeout, context=tls_context(args))
    else:
        TlsNamePOP3.tls_name = args.tls_name
        client = TlsNamePOP3(args.host, args.port, timeout=args.timeout)
        if args.tls == 'stls':
            client.stls(context=tls_context(args))
    return client


def login(client, args):
    if args.auth == 'apop':
        client.apop(args.user, args.password)
    else:
        client.user(args.user)
        client.pass_(args.password)


def write_message(directory, number, lines):
    with open(os.path.join(directory, '%d.eml' % number), 'wb') as f:
        f.write(b'\r\n'.join(lines) + b'\r\n')


def run(args):
    action = args.action[0]
    rest = args.action[1:]
    client = connect(args)
    if action == 'banner':
        print(client.getwelcome().decode('latin-1'))
        client.quit()
        return 0
    if action == 'capa':
        for name, values in client.capa().items():
            print(' '.join([name] + values))
        client.quit()
        return 0
    login(client, args)
    if action == 'retr-all':
        os.makedirs(rest[0], exist_ok=True)
        count = client.stat()[0]
        for number in range(1, count + 1):
            write_message(rest[0], number, client.retr(number)[1])
        print(count)
    elif action == 'retr':
        os.makedirs(rest[1], exist_ok=True)
        write_message(rest[1], int(rest[0]), client.retr(int(rest[0]))[1])
    elif action == 'stat':
        print('%d %d' % client.stat())
    elif action in ('list', 'uidl'):
        for line in getattr(client, action)()[1]:
            print(line.decode('latin-1'))
    elif action == 'dele':
        client.dele(int(rest[0]))
        if '--no-quit' in rest:
            # Like a client that crashes or loses the line: no QUIT, so the server must not expunge.
            client.close()
            return 0
    else:
        print('popclient: unknown action %r' % action, file=sys.stderr)
        return 1
    client.quit()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', required=True)
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--user', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--auth', choices=('user', 'apop'), default='user')
    parser.add_argument('--tls', choices=('none', 'stls', 'implicit'), default='none')
    parser.add_argument('--cafile')
    parser.add_argument('--tls-name')
    parser.add_argument('--timeout', type=float, default=60.0)
    parser.add_argument('action', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if not args.action:
        parser.error('missing action')
    try:
        return run(args)
    except poplib.error_proto as e:
        text = e.args[0] if e.args else b''
        print('popclient: server error: %s' % (text.decode('latin-1') if isinstance(text, bytes) else text),
              file=sys.stderr)
        return 2
    except ssl.SSLError as e:  # before OSError: SSLError is one
        print('popclient: TLS error: %s' % e, file=sys.stderr)
        return 4
    except (OSError, EOFError) as e:
        print('popclient: network error: %s' % e, file=sys.stderr)
        return 3


if __name__ == '__main__':
    sys.exit(main())
