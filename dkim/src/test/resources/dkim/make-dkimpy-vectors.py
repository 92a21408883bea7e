#!/usr/bin/python3
"""Makes dkimpy-vectors.txt: RSA-SHA256 signatures by dkimpy (Debian python3-dkim) over
dkimpy-message.eml with the fixed key dkimpy-rsa2048.pem (PKCS#1) and a fixed t=, one per
canonicalisation. DkimpyKnownAnswerTest reproduces bh= and b= byte for byte.

Run from this directory with the system Python (dkimpy is a Debian package):
  /usr/bin/python3 make-dkimpy-vectors.py
"""
import time

import dkim

T = 1764720000  # 2025-12-03T00:00:00Z, fixed so the vectors do not change
time.time = lambda: T

message = open("dkimpy-message.eml", "rb").read()
key = open("dkimpy-rsa2048.pem", "rb").read()
headers = [b"from", b"to", b"subject", b"date", b"message-id", b"from", b"subject", b"date", b"content-type"]
with open("dkimpy-vectors.txt", "wb") as out:
    for c in ((b"relaxed", b"relaxed"), (b"relaxed", b"simple"), (b"simple", b"simple"), (b"simple", b"relaxed")):
        sig = dkim.sign(message, b"kat", b"example.com", key, canonicalize=c, include_headers=headers)
        # one field per block, CRLF as written by dkimpy, blocks separated by a line with a single dot
        out.write(sig + b".\r\n")
        assert dkim.verify(sig + message, dnsfunc=lambda name, timeout=5: open("dkimpy-rsa2048.dns", "rb").read())
