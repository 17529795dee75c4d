// Makes sure what the tests need beyond npm is on this machine before `npm test` runs them:
// Debian's Chromium for the end-to-end tests and ffmpeg/ffprobe for the recording tests
// (both required); CJK and emoji fonts so that screenshots show text rather than empty boxes,
// and nginx's RTMP module for the platform-output tests (both optional). Installs what is missing
// when it can (root with apt), and otherwise says exactly what to do. Never downloads a browser
// build of its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].filter(Boolean);

function hasChromium() {
  return CHROMIUM_CANDIDATES.some((path) => existsSync(path));
}

function hasCjkFont() {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  // Without fontconfig there is nothing to ask; Chromium brings it in with its package.
  return result.status === 0 && result.stdout.trim() !== '';
}

function hasEmojiFont() {
  const result = spawnSync('fc-list', [':charset=1f600', 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '';
}

// The RTMP output tests push to a local nginx with its RTMP module (Debian's package pulls in
// nginx); without it they are skipped with a message.
function hasNginxRtmp() {
  return existsSync('/usr/lib/nginx/modules/ngx_rtmp_module.so') && existsSync('/usr/sbin/nginx');
}

function hasFfmpeg() {
  const works = (command) => spawnSync(command, ['-version'], { stdio: 'ignore' }).status === 0;
  return works(process.env.ENCORE_FFMPEG ?? 'ffmpeg') && works('ffprobe');
}

// The recommender's baselines are checked against numpy / scikit-learn (tests/helpers/python.ts).
function hasPythonModule(name) {
  return spawnSync('/usr/bin/python3', ['-c', `import ${name}`], { stdio: 'ignore' }).status === 0;
}

// The PDF export test looks at the exported pages as images (pdftoppm, pdfinfo).
function hasPoppler() {
  return spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status === 0;
}

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return (
    spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0
  );
}

const missing = [];
if (!hasChromium()) missing.push('chromium');
if (!hasFfmpeg()) missing.push('ffmpeg');
if (!hasCjkFont()) missing.push('fonts-noto-cjk');
if (!hasEmojiFont()) missing.push('fonts-noto-color-emoji');
if (!hasNginxRtmp()) missing.push('libnginx-mod-rtmp');
if (!hasPoppler()) missing.push('poppler-utils');
if (!hasPythonModule('numpy')) missing.push('python3-numpy');
if (!hasPythonModule('sklearn')) missing.push('python3-sklearn');
// The offer experiments' two-proportion test is checked against scipy.
if (!hasPythonModule('scipy')) missing.push('python3-scipy');
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(`The tests need ${missing.join(' and ')}: installing Debian's packages.`);
  if (
    run('apt-get', ['update', '-qq']) &&
    run('apt-get', ['install', '-y', '-qq', ...missing]) &&
    hasChromium() &&
    hasFfmpeg() &&
    hasPoppler() &&
    hasPythonModule('sklearn') &&
    hasPythonModule('scipy')
  ) {
    process.exit(0);
  }
}

if (
  !hasChromium() ||
  !hasFfmpeg() ||
  !hasPoppler() ||
  !hasPythonModule('sklearn') ||
  !hasPythonModule('scipy')
) {
  console.error(
    [
      'The tests need Chromium (end-to-end), ffmpeg with ffprobe (recording), poppler-utils (PDF export) python3-sklearn (recommender baselines) and python3-scipy (offer experiments), and one is missing.',
      '  Debian/Ubuntu: sudo apt-get install -y chromium ffmpeg poppler-utils python3-numpy python3-sklearn python3-scipy fonts-noto-cjk fonts-noto-color-emoji libnginx-mod-rtmp',
      '  Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH=/path/to/the/browser, and ffmpeg',
      '  Without a browser (ffmpeg still needed): npm run test:unit',
    ].join('\n'),
  );
  process.exit(1);
}
// Missing fonts only make screenshots unreadable (boxes for Chinese or emoji); tests still hold.
const fonts = missing.filter((name) => name.startsWith('fonts-')).join(' ');
if (fonts !== '') console.warn(`Fonts missing for readable screenshots: apt-get install ${fonts}`);
if (!hasNginxRtmp()) {
  console.warn('RTMP output tests will be skipped: apt-get install libnginx-mod-rtmp');
}
