// Colours for the report's charts: the Okabe–Ito colour-blind-safe set, darkened where needed so
// that every mark has at least 3:1 contrast against the white panel (WCAG 1.4.11). Colour is
// never the only cue: markers also carry numbers, lines differ in dash, correct answers a tick.

export const CHART = {
  viewers: '#0072B2',
  viewersFill: '#0072B2',
  retention: '#007A5A',
  offer: '#C44E00',
  poll: '#7A4FA0',
  question: '#8A6100',
  bar: '#0072B2',
  correct: '#007A5A',
  grid: '#E3E7EC',
  axis: '#5F6B7A',
} as const;

/** Dash pattern per marker kind, so markers differ without colour. */
export const DASH = {
  offer: undefined,
  poll: '6 3',
  question: '2 3',
} as const;
