/**
 * Screen and window capture. In a browser (the browser host, tests) this is getDisplayMedia: the
 * browser shows its own picker. Inside Electron the shell will list sources with
 * `desktopCapturer` (with thumbnails) through the studio API and the page will open the chosen
 * one with getUserMedia({ video: { mandatory: { chromeMediaSource: 'desktop', … } } }); that
 * path plugs in here as another `ScreenCapture`, chosen when `window.encore` is present.
 */
export type ScreenCapture = () => Promise<MediaStream>;

export const displayMediaCapture: ScreenCapture = () =>
  navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: { ideal: 30 }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    // Tab or system audio where the browser offers it; mixed with the microphone by WebAudio.
    audio: true,
  });

let capture: ScreenCapture = displayMediaCapture;

/** For the Electron shell's desktopCapturer path (a later change). */
export function setScreenCapture(next: ScreenCapture): void {
  capture = next;
}

export function captureScreen(): Promise<MediaStream> {
  return capture();
}
