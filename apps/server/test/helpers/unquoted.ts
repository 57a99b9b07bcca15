/**
 * A refusal's English without the quote of the value refused that ends it (` (got <params.value>)`,
 * platform/errors.ts quotingValue), as a client reads it: what its code's text with its params says.
 */
export function unquoted(message: string, params: Readonly<Record<string, string | number>> | null | undefined): string {
  const ending = typeof params?.value === 'string' ? ` (got ${params.value})` : null;
  return ending !== null && message.endsWith(ending) ? message.slice(0, -ending.length) : message;
}
