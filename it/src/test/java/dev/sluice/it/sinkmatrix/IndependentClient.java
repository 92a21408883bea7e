package dev.sluice.it.sinkmatrix;

import java.util.List;

/** An SMTP client that has nothing to do with Sluice. */
interface IndependentClient {

  String name();

  /** The AUTH mechanisms it can use. */
  List<String> mechanisms();

  /**
   * Sends one message from {@code from} to {@code to}, authenticating with {@code mechanism}, and
   * returns the bytes the server must store: the message the client sent, in SMTP's normal form.
   */
  byte[] send(SinkUnderTest sink, TestPki pki, String mechanism, String from, String to) throws Exception;
}
