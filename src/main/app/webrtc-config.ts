import { lanAddresses } from '../audience/lan';
import type { WebRtcConfig } from '../media/webrtc/webrtc-service';

/**
 * Transports listen on the audience server's address. On every interface (the app), browsers are
 * told the LAN addresses (and loopback, for a viewer page on this machine).
 */
export function webrtcConfig(
  given: Partial<WebRtcConfig> | undefined,
  audienceHost: string,
): WebRtcConfig {
  const listenIp = given?.listenIp ?? audienceHost;
  const wildcard = listenIp === '0.0.0.0' || listenIp === '::';
  return {
    ...given,
    listenIp,
    announcedAddresses:
      given?.announcedAddresses ?? (wildcard ? [...lanAddresses(), '127.0.0.1'] : []),
  };
}
