/**
 * Screen and window capture. In a browser (the browser host, tests) this is getDisplayMedia: the
 * browser shows its own picker. Inside Electron the shell lists sources with `desktopCapturer`
 * (`capture.sources`, shown by SourcePicker.tsx) and the page opens the chosen one with
 * getUserMedia and Chromium's desktop constraints (`desktopSourceCapture`).
 */
export type ScreenCapture = () => Promise<MediaStream>;

export const displayMediaCapture: ScreenCapture = () =>
  navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: { ideal: 30 }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    // Tab or system audio where the browser offers it; mixed with the microphone by WebAudio.
    audio: true,
  });

/** Chromium's (non-standard) constraints for a desktopCapturer source id. */
interface DesktopConstraints {
  mandatory: {
    chromeMediaSource: 'desktop';
    chromeMediaSourceId: string;
    maxWidth: number;
    maxHeight: number;
    maxFrameRate: number;
  };
}

/** A source the desktop app listed (`capture.sources`), opened by its id. */
export function desktopSourceCapture(sourceId: string): ScreenCapture {
  const video: DesktopConstraints = {
    mandatory: {
      chromeMediaSource: 'desktop',
      chromeMediaSourceId: sourceId,
      maxWidth: 1920,
      maxHeight: 1080,
      maxFrameRate: 30,
    },
  };
  return () =>
    navigator.mediaDevices.getUserMedia({
      video: video as MediaTrackConstraints,
      audio: false,
    });
}

export function captureScreen(capture: ScreenCapture = displayMediaCapture): Promise<MediaStream> {
  return capture();
}
