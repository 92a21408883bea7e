package dev.sluice.client;

/** Whether message data goes by BDAT (RFC 3030 CHUNKING) or DATA. */
public enum ChunkingPolicy {
  /** BDAT when the server offers CHUNKING, DATA otherwise. The default. */
  PREFER_BDAT,
  /** Always DATA, even when CHUNKING is offered. */
  DATA_ONLY
}
