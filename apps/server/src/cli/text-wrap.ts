/** Printed text wrapped to a terminal's width (`gpos networks`, help texts). */

/**
 * The width printed text is wrapped to: the terminal's, or 100 columns when the output is piped (a file, a
 * pager, a test), so what is saved reads the same everywhere.
 */
export const textWidth = () => Math.max(60, process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 100);

/** Where a line may break: a space not before "(", so that "bank (TH)" stays whole. */
const breakable = (text: string, at: number) => text[at] === ' ' && text[at + 1] !== '(';

/**
 * One line wrapped at spaces to `width` columns, the lines after the first indented two columns more than it.
 * A word longer than a line (a long URL) is left whole, never cut: it is what a person copies.
 */
export function wrapLine(line: string, width: number): string[] {
  const pad = ' '.repeat(/^ */.exec(line)![0].length + 2);
  const lines: string[] = [];
  let rest = line;
  let indent = pad.length - 2;
  while (rest.length > width) {
    let cut = width;
    while (cut > indent && !breakable(rest, cut)) cut -= 1;
    if (cut <= indent) {
      cut = width;
      while (cut < rest.length && !breakable(rest, cut)) cut += 1;
      if (cut === rest.length) break;
    }
    while (cut > indent && rest[cut - 1] === ' ') cut -= 1;
    if (cut <= indent) break;
    lines.push(rest.slice(0, cut));
    const next = rest.slice(cut).trimStart();
    if (next === '') {
      rest = '';
      break;
    }
    rest = pad + next;
    indent = pad.length;
  }
  if (rest !== '') lines.push(rest);
  return lines;
}

/** Text of whole lines (each ending in a newline), every line wrapped to the width. */
export function wrapText(text: string, width = textWidth()): string {
  return text
    .split('\n')
    .map((line, i, all) => (i === all.length - 1 && line === '' ? '' : `${wrapLine(line, width).join('\n')}\n`))
    .join('');
}
