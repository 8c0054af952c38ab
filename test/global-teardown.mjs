// Removes this run's JetStream streams (every worker's namespace starts with the run's prefix).
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export default async function globalTeardown() {
  const runId = process.env.YIWANG_TEST_RUN_ID;
  const url = process.env.TEST_NATS_URL;
  if (!runId || !url) return;
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `T${runId}`.toUpperCase();
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nc.close();
  }
}
