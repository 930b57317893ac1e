#!/usr/bin/env python3
"""A real SMTP client for tests (Python's smtplib): one session, one JSON line on stdout saying how it ended.

  smtpclient.py --host H --port P --mode plain|starttls|smtps [--cafile F] [--tls-name N] [--source IP]
                [--user U --password PW] [--auth auto|plain|login] [--auth-before-starttls] [--helo]
                [--from A] [--to B ...] [--message FILE]

Without --message it stops after the last RCPT (then RSET, QUIT): enough to see whether a recipient is accepted.
--auth-before-starttls sends "AUTH PLAIN <credentials>" on the plain connection (smtplib itself would refuse to,
as the server does not advertise AUTH there), to show what the server answers.
--auth plain sends AUTH PLAIN with an initial response, --auth login sends AUTH LOGIN and answers both prompts
(the default, auto, is smtplib's own choice). --helo greets with HELO instead of EHLO, as an old scanner does; the
"ehlo" field then holds the reply to HELO.
Output: {"ok": bool, "stage": "connect|starttls|auth|mail|rcpt|data|done", "code": N, "reply": "...",
         "ehlo": "..."}; exit code 0 if ok, 1 on an SMTP refusal, 2 on anything else.
"""
import argparse
import base64
import json
import smtplib
import ssl
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "smtps"], required=True)
    parser.add_argument("--cafile")
    parser.add_argument("--tls-name", default="localhost")
    parser.add_argument("--source", help="local address to connect from, e.g. 127.0.0.7")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--auth", choices=["auto", "plain", "login"], default="auto")
    parser.add_argument("--auth-before-starttls", action="store_true")
    parser.add_argument("--helo", action="store_true")
    parser.add_argument("--from", dest="sender", default="")
    parser.add_argument("--to", action="append", default=[])
    parser.add_argument("--message")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()

    result = {"ok": False, "stage": "connect", "code": 0, "reply": "", "ehlo": ""}

    def finish(ok, stage, code=0, reply=b""):
        result.update(ok=ok, stage=stage, code=code,
                      reply=reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply))
        print(json.dumps(result))
        return 0 if ok else (1 if code else 2)

    context = ssl.create_default_context(cafile=args.cafile)
    source = (args.source, 0) if args.source else None
    stage = "connect"
    try:
        if args.mode == "smtps":
            # smtplib checks the name against the host it connects to: connect by name with the address behind it.
            client = smtplib.SMTP_SSL(timeout=args.timeout, context=context, source_address=source)
            client._host = args.tls_name
            code, reply = client.connect(args.host, args.port)
        else:
            client = smtplib.SMTP(timeout=args.timeout, source_address=source)
            code, reply = client.connect(args.host, args.port)
        if code != 220:
            return finish(False, stage, code, reply)
        if args.helo:
            client.helo("client.test")
        else:
            client.ehlo("client.test")
        if args.auth_before_starttls:
            stage = "auth"
            token = base64.b64encode(b"\0" + (args.user or "").encode() + b"\0" + (args.password or "").encode())
            code, reply = client.docmd("AUTH", "PLAIN " + token.decode())
            if code != 235:
                return finish(False, stage, code, reply)
        if args.mode == "starttls":
            stage = "starttls"
            client._host = args.tls_name
            code, reply = client.starttls(context=context)
            client.ehlo("client.test")
        greeting_reply = client.helo_resp if args.helo else client.ehlo_resp
        result["ehlo"] = greeting_reply.decode("utf-8", "replace") if greeting_reply else ""
        if args.user and not args.auth_before_starttls:
            stage = "auth"
            if args.auth == "auto":
                client.login(args.user, args.password or "")
            else:
                client.user, client.password = args.user, args.password or ""
                if args.auth == "plain":
                    client.auth("PLAIN", client.auth_plain, initial_response_ok=True)
                else:
                    client.auth("LOGIN", client.auth_login, initial_response_ok=False)
        stage = "mail"
        code, reply = client.mail(args.sender)
        if code != 250:
            return finish(False, stage, code, reply)
        stage = "rcpt"
        for recipient in args.to:
            code, reply = client.rcpt(recipient)
            if code not in (250, 251):
                return finish(False, stage, code, reply)
        if args.message is None:
            client.rset()
            client.quit()
            return finish(True, "rcpt", code, reply)
        stage = "data"
        with open(args.message, "rb") as f:
            message = f.read()
        code, reply = client.data(message)
        if code != 250:
            return finish(False, stage, code, reply)
        client.quit()
        return finish(True, "done", code, reply)
    except smtplib.SMTPResponseException as e:
        return finish(False, stage, e.smtp_code, e.smtp_error)
    except smtplib.SMTPException as e:
        return finish(False, stage, 0, str(e))
    except (OSError, ssl.SSLError) as e:
        return finish(False, stage, 0, "%s: %s" % (type(e).__name__, e))


if __name__ == "__main__":
    sys.exit(main())
