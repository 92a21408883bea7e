package dev.sluice.amqp.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Nodes on 127.0.0.1 clustered with the first (PEERS.md: stop_app, join_cluster, start_app). */
public final class RabbitCluster implements AutoCloseable {

  private final List<RabbitNode> nodes;

  private RabbitCluster(List<RabbitNode> nodes) {
    this.nodes = nodes;
  }

  /** Starts {@code size} nodes under {@code parent} and joins them into one cluster. */
  public static RabbitCluster start(int size, Path parent) {
    List<RabbitNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        nodes.add(RabbitNode.create("sluice-c" + (i + 1), parent).start());
      }
      for (int i = 1; i < size; i++) {
        nodes.get(i).join(nodes.get(0));
      }
      return new RabbitCluster(nodes);
    } catch (RuntimeException e) {
      nodes.forEach(RabbitNode::kill);
      throw e;
    }
  }

  public List<RabbitNode> nodes() {
    return List.copyOf(nodes);
  }

  public RabbitNode node(int i) {
    return nodes.get(i);
  }

  /** Every node's URI, comma-separated (the worker's {@code --amqp} for a cluster). */
  public String uris() {
    return String.join(",", nodes.stream().map(RabbitNode::uri).toList());
  }

  /** The node whose name {@code rabbitmqctl} reports as the queue's leader, or null. */
  public RabbitNode leaderOf(String queue) {
    String out = null;
    for (RabbitNode n : nodes) {
      RabbitNode.Ctl r = n.ctl(java.time.Duration.ofSeconds(60), "list_queues", "-q", "--no-table-headers", "name", "leader");
      if (r.exit() == 0) {
        out = r.out();
        break;
      }
    }
    if (out == null) {
      return null;
    }
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2 && f[0].equals(queue)) {
        for (RabbitNode n : nodes) {
          if (n.name().equals(f[1])) {
            return n;
          }
        }
      }
    }
    return null;
  }

  /** {@code rabbitmqctl list_queues name messages_ready messages_unacknowledged}, asked of the first node that answers. */
  public String listQueues() {
    for (RabbitNode n : nodes) {
      RabbitNode.Ctl r = n.ctl(java.time.Duration.ofSeconds(60), "list_queues", "-q", "--no-table-headers", "name",
          "messages_ready", "messages_unacknowledged");
      if (r.exit() == 0) {
        return r.out();
      }
    }
    throw new IllegalStateException("no node answered list_queues");
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).stop();
    }
  }
}
