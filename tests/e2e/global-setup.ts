import { ensureBuilt } from '../../src/main/cli/run-build';

/** The e2e tests drive the built renderer, as users get it: build it once if it is stale. */
export default function setup(): void {
  ensureBuilt((line) => console.log(line));
}
