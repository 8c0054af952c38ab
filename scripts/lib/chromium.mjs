// Finds a Chromium for the web UI's browser tests (playwright-core drives it; it downloads no browser of
// its own): CHROMIUM_PATH, else the system's chromium, else (Debian/Ubuntu as root) Debian's package.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Returns a Chromium path, installing Debian's package when possible; null when there is none. */
export function ensureChromium(log) {
  const found = findChromium();
  if (found || process.env.CHROMIUM_PATH) return found;
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const debianLike = /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(osRelease);
  if (!debianLike || process.getuid?.() !== 0) return null;
  // A CJK font too, so the screenshots show Chinese text rather than boxes.
  log("installing Debian's chromium package (and a CJK font) for the web UI's browser tests");
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-wqy-microhei'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    log(`could not install chromium: ${error.message}`);
  }
  return findChromium();
}
