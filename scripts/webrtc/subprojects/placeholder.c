/* Encore Studio shim: mediasoup's meson.build names each dependency's library
 * in link_whole for its optional shared-library target (never built by
 * setup:webrtc). The shims point that name at an empty static library. */
int encore_mediasoup_shim_placeholder(void);
int encore_mediasoup_shim_placeholder(void) { return 0; }
