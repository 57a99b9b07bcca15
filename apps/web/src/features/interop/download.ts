/**
 * Saving an export as a file: the name the server gives in Content-Disposition, else ours, and the bytes
 * through a Blob URL (so a POST export and a failed export behave like any other request).
 */

/**
 * The file name of a `Content-Disposition: attachment` header (RFC 6266: `filename*` wins over
 * `filename`); null when there is none. Path separators are dropped so the name stays a name.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  let name: string | null = null;
  if (star?.[1]) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]?.trim() ?? null) : null;
  }
  const safe = name?.replace(/[/\\]/g, '_').trim();
  return safe ? safe : null;
}

export type ExportKind = 'report' | 'indicator' | 'network';
export type ExportFormat = 'stix' | 'misp';

/** `gpos-report-<id>.stix.json`, when the server names no file. */
export function defaultExportName(kind: ExportKind, id: string, format: ExportFormat): string {
  return `gpos-${kind}-${id}.${format}.json`;
}

export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; revoke later so slow browsers still read it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
