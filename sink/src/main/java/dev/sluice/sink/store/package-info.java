/**
 * Where the sink puts accepted messages: nowhere but the counters ({@link
 * dev.sluice.sink.store.CountingStore}), memory ({@link dev.sluice.sink.store.MemoryStore}) or
 * files ({@link dev.sluice.sink.store.DirectoryStore}).
 *
 * <p>Must never block an event loop (file I/O runs on the store's own thread) and never let a
 * reader see half a message (temp name, then rename).
 */
package dev.sluice.sink.store;
