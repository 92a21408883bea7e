#!/usr/bin/python3
"""Verifies every DKIM-Signature of each message file with dkimpy (Debian python3-dkim).

usage: dkimpy-verify.py KEYS FILE...
KEYS has one "name TXT-value" line per public key (the answers DNS would give). Prints one line
per signature: "FILE INDEX pass|fail ALGORITHM", and "FILE - none" for a file without signatures.
"""
import sys

import dkim

records = {}
with open(sys.argv[1], "rb") as f:
    for line in f:
        line = line.rstrip(b"\r\n")
        if line:
            name, value = line.split(b" ", 1)
            records[name.rstrip(b".") + b"."] = value


def lookup(name, timeout=5):
    return records.get(name if name.endswith(b".") else name + b".")


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
