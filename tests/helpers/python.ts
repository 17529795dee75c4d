import { execFile } from 'node:child_process';

// Runs a Python script with Debian's python3 and its numpy / scikit-learn / scipy (python3-numpy,
// python3-sklearn, python3-scipy: .ci/run installs them), for tests that check a model against an
// independent implementation. A missing interpreter or package is a clear error, not a skipped test.

const PYTHON = process.env.ENCORE_TEST_PYTHON ?? '/usr/bin/python3';

export function runPython(
  script: string,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [script, ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${PYTHON} ${script} failed (needs python3-numpy, python3-sklearn and python3-scipy: apt-get install -y python3-numpy python3-sklearn python3-scipy): ${error.message}\n${stderr}`,
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}
