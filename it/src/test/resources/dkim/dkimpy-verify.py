#!/usr/bin/python3
"""Verifies every DKIM-Signature of each message file with dkimpy (Debian python3-dkim).

usage: dkimpy-verify.py KEYS FILE...
KEYS has one "name TXT-value" line per public key (the answers DNS would give), or is
"dns:HOST:PORT": the keys are then looked up in that DNS server (with kdig, Debian knot-dnsutils;
dkimpy's own DNS path needs dnspython, which Debian's python3-dkim does not pull in). Prints one line
per signature: "FILE INDEX pass|fail ALGORITHM", and "FILE - none" for a file without signatures.
"""
import re
import subprocess
import sys

import dkim

records = {}
server = None
if sys.argv[1].startswith("dns:"):
    _, host, port = sys.argv[1].split(":")
    server = (host, port)
else:
    with open(sys.argv[1], "rb") as f:
        for line in f:
            line = line.rstrip(b"\r\n")
            if line:
                name, value = line.split(b" ", 1)
                records[name.rstrip(b".") + b"."] = value


def lookup(name, timeout=5):
    name = name if name.endswith(b".") else name + b"."
    if server is None:
        return records.get(name)
    out = subprocess.run(["kdig", "@" + server[0], "-p", server[1], "+short", "+tcp", "TXT", name.decode()],
                         capture_output=True, timeout=timeout).stdout
    # one answer: its character-strings, quoted, joined (RFC 6376 §3.6.2.2)
    strings = re.findall(rb'"((?:[^"\\]|\\.)*)"', out.split(b"\n")[0])
    return b"".join(strings) or None


for path in sys.argv[2:]:
    message = open(path, "rb").read()
    d = dkim.DKIM(message, minkey=1024)
    count = len([1 for (n, v) in d.headers if n.lower() == b"dkim-signature"])
    if count == 0:
        print(path, "-", "none")
    for i in range(count):
        d = dkim.DKIM(message, minkey=1024)
        try:
            ok = d.verify(idx=i, dnsfunc=lookup)
        except Exception as e:  # a verifier error is a failure, with its reason
            ok = False
            print(path, i, "error", repr(e), file=sys.stderr)
        algorithm = (d.signature_fields or {}).get(b"a", b"?").decode()
        print(path, i, "pass" if ok else "fail", algorithm)
