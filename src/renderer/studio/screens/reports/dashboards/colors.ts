import { CHART } from '../palette';

// The dashboards' chart colours: the report's Okabe–Ito set (palette.ts), each mark at least 3:1
// against the white panel. Series also differ in dash or shape, never by colour alone.
export const DASH_CHART = {
  viewers: CHART.viewers,
  peak: '#C44E00',
  watch: CHART.retention,
  clickRate: CHART.poll,
  conversion: CHART.offer,
  revenue: CHART.bar,
  newBuyers: '#56A0D3',
  returning: '#0B4F80',
  share: CHART.offer,
  repeat: CHART.retention,
  spent: CHART.bar,
  predicted: CHART.poll,
  expected: '#0B4F80',
  band: '#56A0D3',
  grid: CHART.grid,
  axis: CHART.axis,
} as const;

/**
 * Heatmap fill for a share from 0 to `top`: from a pale to a deep blue (a single hue, so order
 * reads without colour vision), with the text colour that keeps 4.5:1 contrast on it.
 */
export function heatColour(share: number, top: number): { background: string; color: string } {
  const x = top > 0 ? Math.max(0, Math.min(1, share / top)) : 0;
  // Interpolate in RGB between #EEF4FA and #08306B.
  const from = [0xee, 0xf4, 0xfa];
  const to = [0x08, 0x30, 0x6b];
  const rgb = from.map((f, i) => Math.round(f + ((to[i] ?? f) - f) * x));
  const [r = 0, g = 0, b = 0] = rgb;
  const luminance = [r, g, b]
    .map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * ([0.2126, 0.7152, 0.0722][i] ?? 0), 0);
  // Dark text (#1C2330, luminance 0.0166) on light fills, white on dark: whichever contrasts more.
  const darkText = (luminance + 0.05) / (0.0166 + 0.05);
  const lightText = 1.05 / (luminance + 0.05);
  return {
    background: `rgb(${r}, ${g}, ${b})`,
    color: darkText >= lightText ? '#1C2330' : '#FFFFFF',
  };
}
