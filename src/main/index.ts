import { app, dialog } from 'electron';
import { startAppShell, type AppShell } from './shell/app-shell';

// Electron entry: lifecycle only. Everything the studio does lives in core/; shell/ adapts it.

// Every renderer sandboxed, including any we forget to configure. Must precede 'ready'.
app.enableSandbox();

// One process per user: the studio owns its workspace database with a single writer.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let appShell: AppShell | null = null;

  app.on('second-instance', () => appShell?.showStudio());
  // macOS: clicking the dock icon with no window open brings the studio back.
  app.on('activate', () => appShell?.showStudio());
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows until Cmd+Q.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    appShell?.dispose();
    appShell = null;
  });

  app
    .whenReady()
    .then(async () => {
      appShell = await startAppShell(import.meta.dirname, {
        demo: process.argv.includes('--demo'),
      });
      appShell.showStudio();
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(error);
      dialog.showErrorBox('Encore Studio could not start', message);
      app.exit(1);
    });
}
