import { parseHostArgs } from './args';
import { runBrowserHost } from './run-browser-host';

// `npm run serve [-- --demo --port N --host ADDR --data-dir DIR --no-open]`
runBrowserHost(parseHostArgs(process.argv.slice(2))).catch((error: unknown) => {
  console.error(
    `Encore Studio could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
