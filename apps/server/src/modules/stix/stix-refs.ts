import type { Json } from './stix-import-model.js';

/**
 * What a STIX object refers to, each with the path it sits at: the SDO references GPOS follows (a report's
 * objects, an observation's and a sighting's, a relationship's ends) and the markings on the object or on
 * part of it. The importer groups reports, checks references and reads markings from this one list.
 */
const REF_KEYS = ['object_refs', 'observed_data_refs', 'where_sighted_refs'] as const;
const SINGLE_REF_KEYS = ['sighting_of_ref', 'source_ref', 'target_ref'] as const;

export function refsOf(object: Json): { path: string; ref: string }[] {
  const refs: { path: string; ref: string }[] = [];
  for (const key of REF_KEYS) {
    const list = object[key];
    if (Array.isArray(list)) list.forEach((ref, i) => typeof ref === 'string' && refs.push({ path: `${key}.${i}`, ref }));
  }
  for (const key of SINGLE_REF_KEYS) if (typeof object[key] === 'string') refs.push({ path: key, ref: object[key] as string });
  const markings = object.object_marking_refs;
  if (Array.isArray(markings)) markings.forEach((ref, i) => typeof ref === 'string' && refs.push({ path: `object_marking_refs.${i}`, ref }));
  // A marking on part of an object (a RED description in a GREEN report) restricts what GPOS stores of it,
  // the whole report: it is checked and counted as the object's own markings are.
  const granular = object.granular_markings;
  if (Array.isArray(granular)) {
    granular.forEach((g, i) => {
      const ref = (g as Json | null)?.marking_ref;
      if (typeof ref === 'string') refs.push({ path: `granular_markings.${i}.marking_ref`, ref });
    });
  }
  return refs;
}
