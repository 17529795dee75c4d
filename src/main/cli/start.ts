import { parseHostArgs } from './args';
import { electronRuntimeStatus, launchElectron } from './electron-runtime';
import { runBrowserHost } from './run-browser-host';

// `npm start [-- --demo]`: the desktop app when Electron's runtime is installed; otherwise the
// same studio in a browser, served from this machine (DESIGN.md §9).
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const hostArgs = parseHostArgs(argv);
  const runtime = electronRuntimeStatus();
  if (runtime.available) {
    process.exitCode = await launchElectron({ args: argv, env: process.env });
    return;
  }
  console.log(
    `Electron's runtime is not available (${runtime.reason}), so Encore Studio starts in your browser instead.`,
  );
  await runBrowserHost(hostArgs);
}

main().catch((error: unknown) => {
  console.error(
    `Encore Studio could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
