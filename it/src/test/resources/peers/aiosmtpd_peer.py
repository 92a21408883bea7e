"""Sluice integration-test peer: an aiosmtpd server that stores what it receives.

Started by dev.sluice.it.peers.Aiosmtpd with Debian's /usr/bin/python3. One process serves up to
three listeners on 127.0.0.1:
  --plain-port     no TLS at all (AUTH, when enabled, is offered in plaintext)
  --starttls-port  STARTTLS required before MAIL; AUTH only after STARTTLS
  --tls-port       implicit TLS (TLS from the first byte)

Every accepted message is written to --store as two files with the same sequence number:
  NNNNNN.json  the envelope (mail_from, rcpt_tos, options, auth user and mechanism, listener, ...)
  NNNNNN.eml   the DATA bytes exactly as received (CRLF kept, dot-stuffing removed)
The .json is renamed into place first, the .eml last: a reader that sees the .eml sees both.

With --users FILE (JSON object user -> password) AUTH PLAIN and LOGIN are enabled and required
before MAIL. Recipients whose local part starts with "reject" get a 550.
"""

import argparse
import asyncio
import itertools
import json
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOSTNAME = "mx.example.test"
log = logging.getLogger("sluice.aiosmtpd")


class Store:
    """Writes each message atomically (temporary name, then rename) into one folder."""

    def __init__(self, directory):
        self.directory = directory
        self.sequence = itertools.count(1)

    def _write(self, name, payload):
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        with open(tmp, "wb") as out:
            out.write(payload)
        os.rename(tmp, os.path.join(self.directory, name))

    def save(self, envelope_dict, data):
        number = "%06d" % next(self.sequence)
        self._write(number + ".json", json.dumps(envelope_dict, indent=1).encode("utf-8"))
        self._write(number + ".eml", data)
        return number


class Handler:
    def __init__(self, store, listener, offer_auth):
        self.store = store
        self.listener = listener
        self.offer_auth = offer_auth

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if not self.offer_auth:  # aiosmtpd would advertise AUTH that always fails
            responses = [r for r in responses if not r[4:].upper().startswith("AUTH")]
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.rsplit("@", 1)[0]
        if local_part.lower().startswith("reject"):
            return "550 5.1.1 <%s>: recipient rejected (test peer)" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        auth_user = None
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            auth_user = session.auth_data.login.decode("utf-8", "replace")
        peer = session.peer
        record = {
            "listener": self.listener,
            "peer": "%s:%s" % (peer[0], peer[1]) if peer else None,
            "helo": session.host_name,
            "tls": self.listener == "tls" or session.ssl is not None,
            "auth_user": auth_user,
            "auth_mechanism": getattr(session, "sluice_mechanism", None),
            "mail_from": envelope.mail_from,
            "mail_options": list(envelope.mail_options),
            "rcpt_tos": list(envelope.rcpt_tos),
            "rcpt_options": list(envelope.rcpt_options),
            "smtp_utf8": bool(envelope.smtp_utf8),
            "size": len(envelope.original_content),
        }
        number = self.store.save(record, envelope.original_content)
        log.info("stored %s from=%s rcpt=%s bytes=%d listener=%s", number, envelope.mail_from,
                 ",".join(envelope.rcpt_tos), len(envelope.original_content), self.listener)
        return "250 2.0.0 OK stored as %s" % number


def make_authenticator(users):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        ok = users.get(login) == password
        log.info("AUTH %s user=%s %s", mechanism, login, "ok" if ok else "FAILED")
        if ok:
            session.sluice_mechanism = mechanism  # stored with each message (auth_mechanism)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return authenticate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--plain-port", type=int)
    parser.add_argument("--starttls-port", type=int)
    parser.add_argument("--tls-port", type=int)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--store", required=True)
    parser.add_argument("--users")
    parser.add_argument("--data-size-limit", type=int, default=33554432)
    args = parser.parse_args()

    # aiosmtpd warns when AUTH is allowed without STARTTLS: deliberate on two of our listeners
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    os.makedirs(args.store, exist_ok=True)
    store = Store(args.store)

    users = None
    if args.users:
        with open(args.users, encoding="utf-8") as f:
            users = json.load(f)

    tls_context = None
    if args.starttls_port or args.tls_port:
        if not (args.cert and args.key):
            parser.error("--cert and --key are required for the TLS listeners")
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory(listener, **kwargs):
        def make():
            if users is not None:
                auth = dict(authenticator=make_authenticator(users), auth_required=True)
            else:
                auth = dict(auth_exclude_mechanism=["LOGIN", "PLAIN"])
            return SMTP(Handler(store, listener, users is not None), hostname=HOSTNAME, decode_data=False,
                        data_size_limit=args.data_size_limit, enable_SMTPUTF8=True,
                        loop=loop, **auth, **kwargs)
        return make

    servers = []
    # aiosmtpd only counts STARTTLS as TLS, so AUTH must not demand TLS on the plain listener
    # (there is none) nor on the implicit-TLS one (everything there is TLS already).
    if args.plain_port:
        servers.append(loop.run_until_complete(loop.create_server(
            factory("plain", auth_require_tls=False), args.host, args.plain_port)))
    if args.starttls_port:
        servers.append(loop.run_until_complete(loop.create_server(
            factory("starttls", tls_context=tls_context, require_starttls=True,
                    auth_require_tls=True),
            args.host, args.starttls_port)))
    if args.tls_port:
        servers.append(loop.run_until_complete(loop.create_server(
            factory("tls", auth_require_tls=False), args.host, args.tls_port, ssl=tls_context)))
    if not servers:
        parser.error("no listener: give --plain-port, --starttls-port and/or --tls-port")

    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    log.info("listening plain=%s starttls=%s tls=%s store=%s auth=%s", args.plain_port,
             args.starttls_port, args.tls_port, args.store, "on" if users is not None else "off")
    loop.run_until_complete(stop)
    for server in servers:
        server.close()
    for server in servers:
        loop.run_until_complete(server.wait_closed())
    loop.close()
    log.info("stopped")


if __name__ == "__main__":
    main()
