import { createTheme, type CSSVariablesResolver } from '@mantine/core';

const systemFonts =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, 'Noto Sans Thai', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'";

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white-on-primary and primary-on-white text above WCAG AA contrast.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts },
  focusRing: 'always',
  defaultRadius: 'sm',
  other: {},
});

/** Mantine's "dimmed" grey is below WCAG AA contrast on white; secondary text uses a darker grey. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-gray-4)' },
});
