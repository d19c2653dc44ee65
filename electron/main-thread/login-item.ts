/**
 * Start at login: Frontdesk registers itself with the operating system so it starts when
 * someone signs in to the workstation, hidden in the tray (reminders and retries then go out
 * after an overnight reboot without anyone opening the window). The clinic switches it in
 * Settings → Clinic; on by default.
 *
 * Windows starts the app with `--hidden` (the args are Windows-only); macOS says so through
 * `wasOpenedAtLogin`. Linux has no login-item API in Electron; there it is a no-op.
 */
import type { App } from 'electron';
import type { Logger } from '../foundation/logger';
import type { ClinicSettings } from '../../shared/domain';

export const HIDDEN_ARG = '--hidden';

type LoginItemApp = Pick<App, 'getLoginItemSettings'> & { setLoginItemSettings?: App['setLoginItemSettings'] };

export function applyLoginItem(app: LoginItemApp, openAtLogin: boolean, logger: Logger): void {
  // Electron defines the login-item calls on macOS and Windows only.
  if (typeof app.setLoginItemSettings !== 'function') {
    logger.info('start at login is not available on this platform', { platform: process.platform });
    return;
  }
  try {
    // The same args both ways: Windows finds the entry to remove by path and args.
    app.setLoginItemSettings({ openAtLogin, args: [HIDDEN_ARG] });
    logger.info('start at login set', { openAtLogin });
  } catch (error) {
    // The setting is saved either way; the OS refusing (policy, sandbox) must not fail the save.
    logger.error('could not change start at login', { openAtLogin, error });
  }
}

/** Whether this run was started by the login item (then the window stays in the tray). */
export function startedAtLogin(app: LoginItemApp, argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  if (process.platform !== 'darwin') return false;
  return app.getLoginItemSettings().wasOpenedAtLogin;
}

/** Applies the clinic's setting now and whenever it is saved. */
export function keepLoginItemInSync(
  app: LoginItemApp,
  clinic: { get(): ClinicSettings; onChange(listener: (settings: ClinicSettings) => void): () => void },
  logger: Logger,
): () => void {
  let applied = clinic.get().startAtLogin;
  applyLoginItem(app, applied, logger);
  return clinic.onChange((settings) => {
    if (settings.startAtLogin === applied) return;
    applied = settings.startAtLogin;
    applyLoginItem(app, applied, logger);
  });
}
