import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Noto Sans Thai comes first but is loaded only for Thai characters (its CSS declares the Thai
// unicode-range), so Latin text falls through to the system fonts. Listing it later in the stack makes
// Chromium keep fallback boxes for text laid out before the web font arrived.
const fontStack =
  "'Noto Sans Thai', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'";

// Identifiers, pasted lookups and audit summaries are set in monospace, and may be Thai (an IDN domain, a
// narrative quoted in a summary): without the bundled Thai font there, a system with no Thai monospace
// font showed boxes (walkthrough, session 58). Mantine's own monospace stack follows it.
const monospaceStack = "'Noto Sans Thai', ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, 'Liberation Mono', 'Courier New', monospace";

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white-on-primary and primary-on-white text above WCAG AA contrast.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  fontFamily: fontStack,
  headings: { fontFamily: fontStack },
  fontFamilyMonospace: monospaceStack,
  focusRing: 'always',
  defaultRadius: 'sm',
  other: {},
});

/** Mantine's "dimmed" grey is below WCAG AA contrast on white; secondary text uses a darker grey. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Text of "light" variants (active nav link, alert titles, light badges) sits on a tinted background;
    // Mantine's default shades fall just under 4.5:1 there, so use darker ones.
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-color-red-light-color': 'var(--mantine-color-red-9)',
    '--mantine-color-green-light-color': '#1e6b34',
    '--mantine-color-teal-light-color': '#0b6157',
    '--mantine-color-yellow-light-color': '#6b4700',
    '--mantine-color-gray-light-color': 'var(--mantine-color-gray-8)',
    // Inline field errors (label text, message and border) in a red that passes AA on white and grey.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-gray-4)' },
});
