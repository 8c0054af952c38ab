import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot } from '@yiwang/testing';

/** docs/webhooks.md's examples, run as a receiver would copy them (test/e2e/webhooks*.spec.ts). */
export type Verifier = (secret: string, body: string, header: string) => boolean;

export function docsExample(name: string, lang: string): string {
  const docs = readFileSync(join(repoRoot, 'docs/webhooks.md'), 'utf8');
  const match = new RegExp(`<!-- example: ${name}[^>]*-->\\s*\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(docs);
  if (!match) throw new Error(`docs/webhooks.md has no ${name} example`);
  return match[1];
}

/** The docs' Node verifier, loaded as a receiver would copy it. */
export async function docsVerifier(): Promise<Verifier> {
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-webhook-docs-'));
  writeFileSync(join(dir, 'verify.mjs'), docsExample('node-verify', 'js'));
  return ((await import(pathToFileURL(join(dir, 'verify.mjs')).href)) as { verifyYiwangSignature: Verifier })
    .verifyYiwangSignature;
}

/** The docs' openssl check of a saved delivery: its output ('valid\n'), or the failure. */
export async function opensslVerify(
  secret: string,
  delivery: { body: string; header: string },
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-webhook-openssl-'));
  writeFileSync(join(dir, 'body.json'), delivery.body);
  const { stdout } = await promisify(execFile)('sh', ['-euc', docsExample('openssl-verify', 'sh')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', SECRET: secret, SIG: delivery.header },
  });
  return stdout;
}
