/**
 * graphology and its packages are CommonJS whose typings declare an ES default export. Node's ESM loader
 * and esbuild hand the importer `module.exports` itself, while TypeScript (NodeNext) types the default
 * import as `{ default: … }`; this takes whichever of the two is really there.
 */
export function cjsDefault<T>(mod: { default: T }): T {
  return (mod as { default?: T }).default ?? (mod as unknown as T);
}
