package dev.sluice.bench;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/** The allocators a benchmark can be run with, by the name given in its {@code allocator} param. */
final class Allocators {

  private static final ByteBufAllocator ADAPTIVE = new AdaptiveByteBufAllocator();

  private Allocators() {}

  static ByteBufAllocator byName(String name) {
    return switch (name) {
      case "pooled" -> PooledByteBufAllocator.DEFAULT;
      case "adaptive" -> ADAPTIVE;
      default -> throw new IllegalArgumentException("allocator must be pooled or adaptive: " + name);
    };
  }
}
