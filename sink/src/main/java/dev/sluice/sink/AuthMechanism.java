package dev.sluice.sink;

/** A SASL mechanism the sink can offer in {@code AUTH}. */
public enum AuthMechanism {
  /** RFC 4616: authzid, user and password in one base64 response; checked against the passwords. */
  PLAIN,
  /** The de-facto LOGIN mechanism: user, then password, each prompted with a 334; checked against the passwords. */
  LOGIN,
  /** Google/Microsoft XOAUTH2: {@code user=…^Aauth=Bearer …^A^A}; checked against the tokens. */
  XOAUTH2
}
