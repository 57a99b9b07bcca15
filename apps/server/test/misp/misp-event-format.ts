import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What MISP's event import (`POST /events`, or "Import from… MISP JSON") requires of an event, written
 * independently of the exporter from MISP's own definitions: the type → allowed categories table of
 * MISP's Attribute model (categoryDefinitions), the enumerations of Event (threat level, analysis,
 * distribution), and the object templates in `../shared/misp/objects` (relation names, their attribute
 * types, `required` and `requiredOneOf`). An export that passes this is one MISP accepts without edits.
 */
export const SHARED_MISP = path.resolve(import.meta.dirname, '../../../../../shared/misp');

/** MISP categoryDefinitions, restricted to the types an exporter of scam intelligence may write. */
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'phone-number': ['Financial fraud', 'Person', 'Other'],
  iban: ['Financial fraud'],
  bic: ['Financial fraud'],
  'bank-account-nr': ['Financial fraud'],
  'aba-rtn': ['Financial fraud'],
  btc: ['Financial fraud'],
  xmr: ['Financial fraud'],
  url: ['Payload delivery', 'Network activity', 'External analysis'],
  domain: ['Payload delivery', 'Network activity', 'External analysis'],
  hostname: ['Payload delivery', 'Network activity', 'External analysis'],
  'email-src': ['Payload delivery', 'Network activity', 'Social network'],
  email: ['Payload delivery', 'Network activity', 'Attribution', 'Social network', 'Person'],
  'ip-dst': ['Payload delivery', 'Network activity', 'External analysis'],
  'ip-src': ['Payload delivery', 'Network activity', 'External analysis'],
  'mobile-application-id': ['Payload delivery', 'Payload installation'],
  link: ['Internal reference', 'Antivirus detection', 'Payload delivery', 'External analysis', 'Support Tool'],
  text: ['Internal reference', 'Antivirus detection', 'Payload delivery', 'Artifacts dropped', 'Payload installation', 'Persistence mechanism', 'Network activity', 'Payload type', 'Attribution', 'External analysis', 'Financial fraud', 'Support Tool', 'Social network', 'Person', 'Other'],
};

interface TemplateDefinition {
  name: string;
  uuid: string;
  version: number;
  'meta-category': string;
  required?: string[];
  requiredOneOf?: string[];
  attributes: Record<string, { 'misp-attribute': string }>;
}

const templates = new Map<string, TemplateDefinition>();
function template(name: string): TemplateDefinition | null {
  if (!templates.has(name)) {
    const file = path.join(SHARED_MISP, 'objects', name, 'definition.json');
    if (!fs.existsSync(file)) return null;
    templates.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as TemplateDefinition);
  }
  return templates.get(name)!;
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case UUID');

const attribute = z
  .object({
    uuid,
    type: z.string().refine((t) => t in CATEGORIES, 'is not a MISP attribute type'),
    category: z.string(),
    value: z.string().min(1).max(131_071),
    to_ids: z.boolean(),
    distribution: z.enum(['0', '1', '2', '3', '4', '5']),
    comment: z.string().optional(),
    object_relation: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    if (!(CATEGORIES[a.type] ?? []).includes(a.category)) ctx.addIssue({ code: 'custom', path: ['category'], message: `${a.category} is not a category MISP allows for ${a.type}` });
  });

const object = z
  .object({
    uuid,
    name: z.string(),
    'meta-category': z.string(),
    template_uuid: z.string(),
    template_version: z.string().regex(/^\d+$/),
    distribution: z.enum(['0', '1', '2', '3', '4', '5']),
    Attribute: z.array(attribute).min(1),
  })
  .superRefine((o, ctx) => {
    const definition = template(o.name);
    if (!definition) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `no MISP object template ${o.name}` });
      return;
    }
    if (definition.uuid !== o.template_uuid || String(definition.version) !== o.template_version || definition['meta-category'] !== o['meta-category']) {
      ctx.addIssue({ code: 'custom', path: ['template_uuid'], message: `does not match template ${o.name} v${definition.version}` });
    }
    const relations = new Set<string>();
    o.Attribute.forEach((a, i) => {
      const expected = a.object_relation ? definition.attributes[a.object_relation] : undefined;
      if (!expected) ctx.addIssue({ code: 'custom', path: ['Attribute', i, 'object_relation'], message: `${a.object_relation ?? '(none)'} is not a relation of ${o.name}` });
      else if (expected['misp-attribute'] !== a.type) ctx.addIssue({ code: 'custom', path: ['Attribute', i, 'type'], message: `${o.name}.${a.object_relation} is a ${expected['misp-attribute']}, not a ${a.type}` });
      if (a.object_relation) relations.add(a.object_relation);
    });
    for (const required of definition.required ?? []) {
      if (!relations.has(required)) ctx.addIssue({ code: 'custom', path: ['Attribute'], message: `${o.name} requires ${required}` });
    }
    if (definition.requiredOneOf && !definition.requiredOneOf.some((r) => relations.has(r))) {
      ctx.addIssue({ code: 'custom', path: ['Attribute'], message: `${o.name} requires one of ${definition.requiredOneOf.join(', ')}` });
    }
  });

export const mispImportableEventSchema = z
  .object({
    Event: z.object({
      uuid,
      info: z.string().min(1),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      threat_level_id: z.enum(['1', '2', '3', '4']),
      analysis: z.enum(['0', '1', '2']),
      distribution: z.enum(['0', '1', '2', '3', '4']),
      published: z.boolean(),
      timestamp: z.string().regex(/^\d+$/),
      Tag: z.array(z.object({ name: z.string().min(1).max(255) })),
      Attribute: z.array(attribute),
      Object: z.array(object),
    }),
  })
  .superRefine((document, ctx) => {
    // MISP refuses a second attribute or object with a uuid it already holds.
    const uuids = [
      document.Event.uuid,
      ...document.Event.Attribute.map((a) => a.uuid),
      ...document.Event.Object.flatMap((o) => [o.uuid, ...o.Attribute.map((a) => a.uuid)]),
    ];
    if (new Set(uuids).size !== uuids.length) ctx.addIssue({ code: 'custom', path: ['Event'], message: 'uuids are not unique' });
    const tlps = document.Event.Tag.filter((t) => t.name.startsWith('tlp:'));
    if (tlps.length !== 1) ctx.addIssue({ code: 'custom', path: ['Event', 'Tag'], message: `carries ${tlps.length} TLP tags, not one` });
  });
