/**
 * Country flags as images from flag-icons (MIT, SVG, 4:3). Emoji flags would need no files, but Windows
 * and many headless or server fonts draw them as two letters or empty boxes. Each SVG is its own asset
 * (never inlined into the script), so a page downloads only the flags it shows.
 */
const FILES = import.meta.glob<string>('../../../../../node_modules/flag-icons/flags/4x3/*.svg', { eager: true, query: '?url&no-inline', import: 'default' });

const BY_CODE = new Map<string, string>();
for (const [path, url] of Object.entries(FILES)) {
  const code = /([a-z]{2})\.svg$/.exec(path)?.[1];
  if (code) BY_CODE.set(code.toUpperCase(), url);
}

/** The flag image of an ISO 3166-1 alpha-2 code, or null when there is none (unknown or malformed code). */
export function flagUrl(code: string): string | null {
  if (!/^[A-Za-z]{2}$/.test(code)) return null;
  return BY_CODE.get(code.toUpperCase()) ?? null;
}
