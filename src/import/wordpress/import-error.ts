/**
 * The import's one failure: an import that stopped before writing anything,
 * with every problem found (bad items, clashing addresses, a foreign manifest).
 */
export class ImportError extends Error {
  override name = 'ImportError';
}
