#!/usr/bin/python3
"""A real SMTP server for tests: every message received is saved as DIR/<n>.eml.

Serve (prints "ready PORT" on stdout once listening, then runs until SIGTERM/SIGINT):
    python3 tests/tools/smtp_sink.py --port 0 --dir DIR [options]

      --host H             address to listen on (127.0.0.1)
      --port P             0 = a free port, printed on the "ready" line
      --dir DIR            where messages go: 1.eml, 2.eml, … (created if missing); each file
                           is the message exactly as received (CRLF), written atomically, plus
                           <n>.envelope.json {"mail_from", "rcpt_tos"}
      --reject-rcpt REGEX  answer "550 5.1.1" to RCPT TO addresses matching REGEX
      --fail-first N       answer "451 4.3.0" to the first N messages (transient failure)
      --auth USER:PASS     require AUTH PLAIN/LOGIN with these credentials (no TLS needed)
      --tls-cert F --tls-key K
                           offer STARTTLS with this certificate; with --implicit-tls, the
                           listening socket is TLS from the first byte (smtps://)
      --watch-stdin        exit when stdin reaches end of file (the test that started the
                           sink died: no orphan server is left behind)

Decode (for tests in any language: Python's email package is the reference MIME parser):
    python3 tests/tools/smtp_sink.py --decode FILE.eml
prints one JSON object: from, to, subject, date, message_id, mime_version, content_type,
text, html (decoded to str), parts (content types of the leaf parts, in order),
transfer_encodings, charsets, and raw_subject (the header as sent).

Needs Debian's python3-aiosmtpd (only for serving). When started by another interpreter that
lacks aiosmtpd (e.g. a pyenv python3 first in PATH), it re-runs itself with /usr/bin/python3.
"""
import argparse
import json
import os
import re
import signal
import sys


def decode(path):
    import email
    from email import policy

    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=policy.default)
    out = {
        "from": str(msg["From"] or ""),
        "to": str(msg["To"] or ""),
        "subject": str(msg["Subject"] or ""),
        "raw_subject": "",
        "date": str(msg["Date"] or ""),
        "message_id": str(msg["Message-ID"] or ""),
        "mime_version": str(msg["MIME-Version"] or ""),
        "content_type": msg.get_content_type(),
        "text": "",
        "html": "",
        "parts": [],
        "transfer_encodings": [],
        "charsets": [],
    }
    # The raw header as it travelled (to check RFC 2047 encoding), unfolded.
    with open(path, "rb") as f:
        raw = email.message_from_binary_file(f, policy=policy.compat32)
    out["raw_subject"] = re.sub(r"\r?\n[ \t]", " ", raw.get("Subject", ""))
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        out["parts"].append(ctype)
        out["transfer_encodings"].append(str(part.get("Content-Transfer-Encoding", "")).lower())
        out["charsets"].append(part.get_content_charset() or "")
        if ctype == "text/plain" and not out["text"]:
            out["text"] = part.get_content()
        elif ctype == "text/html" and not out["html"]:
            out["html"] = part.get_content()
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def serve(args):
    try:
        import asyncio
        import ssl

        from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
    except ImportError:
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
        sys.stderr.write("smtp_sink: python3-aiosmtpd is missing (apt-get install python3-aiosmtpd)\n")
        sys.exit(2)

    import logging
    import warnings

    # aiosmtpd warns (on stderr) about AUTH without TLS and deprecated fields: noise in tests.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    os.makedirs(args.dir, exist_ok=True)
    existing = [int(n[:-4]) for n in os.listdir(args.dir) if re.fullmatch(r"\d+\.eml", n)]
    state = {"next": max(existing, default=0) + 1, "failures_left": args.fail_first}
    reject = re.compile(args.reject_rcpt) if args.reject_rcpt else None

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if reject and reject.search(address):
                return "550 5.1.1 Mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            if state["failures_left"] > 0:
                state["failures_left"] -= 1
                return "451 4.3.0 Try again later"
            n = state["next"]
            state["next"] += 1
            final = os.path.join(args.dir, f"{n}.eml")
            tmp = os.path.join(args.dir, f".{n}.eml.tmp")
            with open(tmp, "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(os.path.join(args.dir, f"{n}.envelope.json"), "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
            # The .eml appears last and whole: a reader polling for it never sees half a message.
            os.rename(tmp, final)
            return "250 2.0.0 Message accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, _, password = args.auth.partition(":")
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == password.encode()
        # handled=False: aiosmtpd itself then answers "535 … credentials invalid".
        return AuthResult(success=ok, handled=False)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    def factory():
        kwargs = {"hostname": "smtp-sink.test", "enable_SMTPUTF8": True}
        if args.auth:
            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        if tls_context is not None and not args.implicit_tls:
            kwargs["tls_context"] = tls_context
        return SMTP(Handler(), **kwargs)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, host=args.host, port=args.port,
                           ssl=tls_context if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    if args.watch_stdin:
        def on_stdin():
            if not os.read(sys.stdin.fileno(), 4096):
                loop.stop()
        loop.add_reader(sys.stdin.fileno(), on_stdin)
    sys.stdout.write(f"ready {port}\n")
    sys.stdout.flush()
    try:
        loop.run_forever()
    finally:
        server.close()


def main():
    p = argparse.ArgumentParser(description="SMTP sink for tests")
    p.add_argument("--decode", metavar="FILE")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir")
    p.add_argument("--reject-rcpt")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--auth")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--watch-stdin", action="store_true")
    args = p.parse_args()
    if args.decode:
        decode(args.decode)
        return
    if not args.dir:
        p.error("--dir is required to serve")
    serve(args)


if __name__ == "__main__":
    main()
