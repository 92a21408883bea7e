"""Sends one message with Python's smtplib (Debian's /usr/bin/python3); used by the peer smoke tests
and the sink matrix. --mechanism XOAUTH2 takes the bearer token as --password.

Prints one JSON line: {"ok": true, "refused": {rcpt: [code, text]}} when the message was accepted
for at least one recipient, else {"ok": false, "code": N, "error": "..."}.
"""

import argparse
import json
import smtplib
import ssl
import sys


def xoauth2(user, token):
    """smtplib authobject for XOAUTH2: the initial response, then an empty answer to an error challenge."""
    def authobject(challenge=None):
        if challenge is None:
            return "user=%s\x01auth=Bearer %s\x01\x01" % (user, token)
        return ""
    return authobject


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--security", choices=["plain", "starttls", "tls"], required=True)
    p.add_argument("--ca")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--mechanism", choices=["PLAIN", "LOGIN", "XOAUTH2"], default="PLAIN")
    p.add_argument("--sender", required=True)
    p.add_argument("--rcpt", action="append", required=True)
    p.add_argument("--data-file", required=True)
    a = p.parse_args()

    context = ssl.create_default_context(cafile=a.ca) if a.ca else None
    with open(a.data_file, "rb") as f:
        data = f.read()
    try:
        if a.security == "tls":
            smtp = smtplib.SMTP_SSL("127.0.0.1", a.port, timeout=20, context=context,
                                    local_hostname="client.example.test")
        else:
            smtp = smtplib.SMTP("127.0.0.1", a.port, timeout=20,
                                local_hostname="client.example.test")
        with smtp:
            # the certificate is for mx.example.test; check that name, not the IP we dialled
            smtp._host = "mx.example.test"
            smtp.ehlo()
            if a.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if a.user and a.mechanism == "XOAUTH2":
                smtp.auth("XOAUTH2", xoauth2(a.user, a.password), initial_response_ok=True)
            elif a.user:
                mech = "auth_" + a.mechanism.lower()
                smtp.user, smtp.password = a.user, a.password
                smtp.auth(a.mechanism, getattr(smtp, mech), initial_response_ok=True)
            refused = smtp.sendmail(a.sender, a.rcpt, data)
        print(json.dumps({"ok": True, "refused": {k: [v[0], v[1].decode("utf-8", "replace")]
                                                  for k, v in refused.items()}}))
    except smtplib.SMTPRecipientsRefused as e:
        code = next(iter(e.recipients.values()))[0]
        print(json.dumps({"ok": False, "code": code, "error": "all recipients refused: %s" % e}))
    except smtplib.SMTPResponseException as e:
        print(json.dumps({"ok": False, "code": e.smtp_code,
                          "error": e.smtp_error.decode("utf-8", "replace")}))
    except (smtplib.SMTPException, OSError) as e:
        print(json.dumps({"ok": False, "code": 0, "error": repr(e)}))


if __name__ == "__main__":
    sys.exit(main())
