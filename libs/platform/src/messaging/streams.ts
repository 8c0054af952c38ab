import { RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { streams } from '@yiwang/contracts';

const NANOS_PER_MS = 1_000_000;

export interface StreamSettings {
  /** Subject and stream namespace (empty in production; per worker in tests). */
  prefix: string;
  replicas?: number;
  maxAgeMs?: number;
  duplicateWindowMs?: number;
}

export const prefixedSubject = (prefix: string, subject: string): string =>
  prefix ? `${prefix}.${subject}` : subject;
export const prefixedStream = (prefix: string, stream: string): string =>
  prefix ? `${prefix.toUpperCase()}_${stream}` : stream;

/** Creates or updates every stream the contracts declare. Safe to run from every replica at every start. */
export async function ensureStreams(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  for (const definition of streams) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: prefixedStream(settings.prefix, definition.name),
      subjects: definition.subjects.map((s) => prefixedSubject(settings.prefix, s)),
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: settings.replicas ?? 1,
      max_age: (settings.maxAgeMs ?? 14 * 24 * 3600_000) * NANOS_PER_MS,
      duplicate_window: (settings.duplicateWindowMs ?? 2 * 60_000) * NANOS_PER_MS,
    };
    await upsert(jsm, config);
  }
}

async function upsert(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      // Another replica created it between our look-up and add: loop and update instead.
      if (!String(error).includes('already in use')) throw error;
    }
  }
}

export function isNotFound(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return text.includes('not found') || (error as { code?: string })?.code === '404';
}
