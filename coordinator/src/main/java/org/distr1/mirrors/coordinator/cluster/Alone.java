package org.distr1.mirrors.coordinator.cluster;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/** One coordinator on its own database: it leads from start to stop. */
final class Alone implements Cluster {

  private final List<Managed> jobs = new ArrayList<>();

  @Override
  public void publish(String topic, String detail) {}

  @Override
  public void publish(Handle transaction, String topic, String detail) {}

  @Override
  public void subscribe(String topic, Consumer<String> listener) {}

  @Override
  public void onResync(Runnable listener) {}

  @Override
  public synchronized void singleton(Managed job) {
    jobs.add(job);
  }

  @Override
  public boolean leads() {
    return true;
  }

  @Override
  public synchronized void start() throws Exception {
    for (Managed job : jobs) {
      job.start();
    }
  }

  @Override
  public synchronized void stop() throws Exception {
    for (int i = jobs.size() - 1; i >= 0; i--) {
      jobs.get(i).stop();
    }
  }
}
