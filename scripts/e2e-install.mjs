// Installs what the real-VS-Code tests need, when missing: Debian packages (Chromium, ripgrep,
// Kerberos headers for code-server's native module) and code-server + playwright-core in the
// gitignored .vscode-test/code-server/ (kept out of the project's own dependencies).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_VERSION = '1.65.1';
export const CHROMIUM = '/usr/bin/chromium';
const APT_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium'];
// The @vscode/ripgrep release that code-server 4.100.3 depends on, and the rg build it downloads.
const RIPGREP_CACHE = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function log(message) {
  console.log(`[e2e] ${message}`);
}

function isInstalled(debianPackage) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', debianPackage], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function ensureDebianPackages() {
  const missing = APT_PACKAGES.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/** @vscode/ripgrep's postinstall downloads rg from GitHub; a cached tarball of Debian's rg (same 13.0.0) stands in. */
function seedRipgrepCache() {
  const tarball = path.join(RIPGREP_CACHE, RIPGREP_TARBALL);
  if (existsSync(tarball)) return;
  mkdirSync(RIPGREP_CACHE, { recursive: true });
  execFileSync('tar', ['-czf', tarball, '-C', path.dirname('/usr/bin/rg'), 'rg']);
}

function installedVersion(dir, name) {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Returns the folder with node_modules/code-server and node_modules/playwright-core. */
export function ensureCodeServer(root) {
  const dir = path.join(root, '.vscode-test', 'code-server');
  if (installedVersion(dir, 'code-server') === CODE_SERVER_VERSION && installedVersion(dir, 'playwright-core') === PLAYWRIGHT_VERSION &&
      existsSync(path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) {
    return dir;
  }
  ensureDebianPackages();
  seedRipgrepCache();
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'leaklint-code-server', private: true }, null, 2));
  log(`installing code-server ${CODE_SERVER_VERSION} and playwright-core ${PLAYWRIGHT_VERSION} into ${path.relative(root, dir)} (about 2 minutes)`);
  const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' };
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_VERSION}`], { cwd: dir, stdio: 'inherit', env });
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureDebianPackages();
  ensureCodeServer(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'));
}
