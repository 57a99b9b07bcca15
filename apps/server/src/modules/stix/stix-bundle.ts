import { strictestMarkingRefs, tlpMarkingDefinition, tlpOfStandardId } from '../../platform/sharing/marking.stix.js';
import type { StixObject } from '../reports/report.stix.js';
import extensionDefinitions from './schemas/gpos/extension-definitions.json' with { type: 'json' };
import platformIdentity from './schemas/gpos/platform-identity.json' with { type: 'json' };
import { contentBundleId, GPOS_PLATFORM_IDENTITY } from './stix-ids.js';

/**
 * Assembles STIX objects into one deterministic bundle: each id once (an SCO that several exported
 * reports name carries the strictest of their markings, never a wider one), the TLP marking-definitions,
 * extension-definitions and platform identity that the objects refer to added automatically, objects in
 * a fixed order (markings and definitions first, then identities, observables, SDOs, relationships) and
 * the bundle id a digest of the content. The same data always serialises to the same bytes.
 */
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const ORDER = ['marking-definition', 'extension-definition', 'identity', 'observed-data', 'indicator', 'sighting', 'report', 'intrusion-set', 'relationship'];
const rank = (type: string): number => {
  const index = ORDER.indexOf(type);
  if (index >= 0) return index < 3 ? index : index + 1;
  return 3; // observables between identities and SDOs
};

const EXTENSION_DEFINITIONS = extensionDefinitions as StixObject[];

/**
 * Two copies of one object (an SCO that several reports name, each marked like its report) as one: the
 * first, carrying the strictest TLP of both plus every other marking either names (GPOS marking-definitions),
 * never a wider one. The bundle keeps each id once this way; so does each TAXII page (taxii/page-observables.ts).
 */
export function mergeCopies(existing: StixObject, object: StixObject): StixObject {
  const a = existing.object_marking_refs as string[] | undefined;
  const b = object.object_marking_refs as string[] | undefined;
  return a && b && a.join() !== b.join() ? { ...existing, object_marking_refs: strictestMarkingRefs([a, b]) } : existing;
}

export class StixBundleBuilder {
  private readonly objects = new Map<string, StixObject>();

  add(...objects: StixObject[]): this {
    for (const object of objects) {
      const existing = this.objects.get(object.id);
      this.objects.set(object.id, existing ? mergeCopies(existing, object) : object);
    }
    return this;
  }

  get size(): number {
    return this.objects.size;
  }

  build(): StixBundle {
    const referenced = new Set<string>();
    for (const object of this.objects.values()) {
      for (const ref of (object.object_marking_refs as string[] | undefined) ?? []) referenced.add(ref);
      for (const key of Object.keys((object.extensions as Record<string, unknown> | undefined) ?? {})) referenced.add(key);
      if (object.created_by_ref === GPOS_PLATFORM_IDENTITY) referenced.add(GPOS_PLATFORM_IDENTITY);
    }
    for (const ref of referenced) {
      if (this.objects.has(ref)) continue;
      const tlp = tlpOfStandardId(ref);
      if (tlp) this.objects.set(ref, tlpMarkingDefinition(tlp) as unknown as StixObject);
      const definition = EXTENSION_DEFINITIONS.find((d) => d.id === ref);
      if (definition) {
        this.objects.set(ref, definition);
        referenced.add(GPOS_PLATFORM_IDENTITY);
      }
    }
    if (referenced.has(GPOS_PLATFORM_IDENTITY) && !this.objects.has(GPOS_PLATFORM_IDENTITY)) this.objects.set(GPOS_PLATFORM_IDENTITY, platformIdentity as StixObject);
    const objects = [...this.objects.values()].sort((x, y) => rank(x.type) - rank(y.type) || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return { type: 'bundle', id: contentBundleId(JSON.stringify(objects)), objects };
  }
}

/** The extension-definitions GPOS publishes, as shipped (also in docs/stix-extensions.md). */
export const GPOS_EXTENSION_DEFINITIONS: readonly StixObject[] = EXTENSION_DEFINITIONS;
