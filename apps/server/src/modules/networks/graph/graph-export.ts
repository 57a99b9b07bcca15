import GraphModule from 'graphology';
import gexf from 'graphology-gexf';
import { cjsDefault } from './cjs-interop.js';

const Graph = cjsDefault(GraphModule);

/** One network as the exports see it: the caller has already kept only what the viewer may see. */
export interface NetworkExportDoc {
  id: string;
  nodes: Array<{ id: string; kind: 'report' | 'indicator'; label: string; attributes: Record<string, string | number | boolean | null> }>;
  edges: Array<{ source: string; target: string; role: string }>;
}

/** Attribute types as GraphML (`attr.type`) and GEXF (`type`) both spell them. */
type AttributeType = 'string' | 'long' | 'double' | 'boolean';

/** Code points XML 1.0 forbids even as character references (C0 controls but tab/newline/CR, U+FFFE/F, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Makes text safe as XML character data or a double-quoted attribute value (the same escaping serves both). */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // As references so that attribute-value normalisation does not turn them into spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function checkDoc(doc: NetworkExportDoc): void {
  const ids = new Set<string>();
  for (const node of doc.nodes) {
    if (ids.has(node.id)) throw new RangeError(`node id "${node.id.slice(0, 80)}" appears twice in network ${doc.id.slice(0, 80)}`);
    ids.add(node.id);
  }
  for (const edge of doc.edges) {
    for (const end of [edge.source, edge.target]) {
      if (!ids.has(end)) throw new RangeError(`edge ${edge.source.slice(0, 80)} → ${edge.target.slice(0, 80)} names node "${end.slice(0, 80)}", which is not in network ${doc.id.slice(0, 80)}`);
    }
  }
}

/**
 * The declared type of each node attribute, the same in GraphML and GEXF: boolean when every non-null value
 * is one; long when every one is a whole number (cents, confidence, cell numbers: before, GraphML declared
 * them double while GEXF's writer inferred integer, or long past 2^31 — the type of one attribute changed
 * with the format and with the data); double when they are numbers, one not whole; string otherwise (a
 * mixed column is written as text rather than refused). Names `kind` and `label` are taken by the node's
 * own fields, so attributes of those names are declared as `attr_kind` / `attr_label`.
 */
function attributeModel(doc: NetworkExportDoc): Array<{ name: string; title: string; type: AttributeType }> {
  const types = new Map<string, AttributeType | null>();
  for (const node of doc.nodes) {
    for (const [name, value] of Object.entries(node.attributes)) {
      const seen = types.get(name);
      if (value === null) {
        if (seen === undefined) types.set(name, null);
        continue;
      }
      const type: AttributeType = typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? (Number.isSafeInteger(value) ? 'long' : 'double') : 'string';
      const numbers = (seen === 'long' || seen === 'double') && (type === 'long' || type === 'double');
      types.set(name, seen === undefined || seen === null || seen === type ? type : numbers ? 'double' : 'string');
    }
  }
  return [...types].map(([name, type]) => ({ name, title: name === 'kind' || name === 'label' ? `attr_${name}` : name, type: type ?? 'string' }));
}

function formatValue(value: string | number | boolean, type: AttributeType): string {
  if (type === 'double' && typeof value === 'number') {
    // xsd:double spells the infinities INF and -INF.
    return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'INF' : value === -Infinity ? '-INF' : String(value);
  }
  return String(value);
}

/**
 * GraphML (http://graphml.graphdrawing.org/xmlns) as Gephi, yEd, Cytoscape and i2-style tools import it:
 * every attribute declared in a <key> with its attr.type before the graph, reserved `label` and `kind`
 * keys so tools pick the label up, one <edge> per sighting with its `role`, values XML-escaped, characters
 * XML cannot carry replaced by U+FFFD. Written by hand (graphology-graphml only parses). The schema
 * types ids and attribute names as NMTOKENs: GPOS ids (UUIDs) and camelCase attribute names are; other
 * strings are still written escaped and well-formed, and tools read them, but a strict XSD check would not.
 */
export function toGraphML(doc: NetworkExportDoc): string {
  checkDoc(doc);
  const model = attributeModel(doc);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
  ];
  model.forEach((attr, k) => out.push(`  <key id="a${k}" for="node" attr.name="${escapeXml(attr.title)}" attr.type="${attr.type}"/>`));
  out.push('  <key id="role" for="edge" attr.name="role" attr.type="string"/>');
  out.push(`  <graph id="${escapeXml(doc.id)}" edgedefault="undirected">`);
  for (const node of doc.nodes) {
    out.push(`    <node id="${escapeXml(node.id)}">`);
    out.push(`      <data key="label">${escapeXml(node.label)}</data>`);
    out.push(`      <data key="kind">${node.kind}</data>`);
    model.forEach((attr, k) => {
      const value = node.attributes[attr.name];
      if (value === null || value === undefined) return;
      out.push(`      <data key="a${k}">${escapeXml(formatValue(value, attr.type))}</data>`);
    });
    out.push('    </node>');
  }
  doc.edges.forEach((edge, k) => {
    out.push(`    <edge id="e${k}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}"><data key="role">${escapeXml(edge.role)}</data></edge>`);
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** Strips what XML cannot carry; graphology-gexf's writer escapes markup but not these. */
function xmlSafe(value: string): string {
  return value.replace(NOT_XML, '\uFFFD');
}

/**
 * GEXF 1.2 (Gephi's own format) through graphology-gexf's writer: a graphology multigraph built from the
 * doc (a report can show the same indicator in two roles), node `kind` and attributes as GEXF attributes
 * with the types GraphML declares (attributeModel), the role as each edge's label and attribute.
 */
export function toGexf(doc: NetworkExportDoc): string {
  checkDoc(doc);
  type NodeAttributes = { label: string; attributes: Record<string, string | number | boolean | null> };
  const graph = new Graph<NodeAttributes, { role: string }>({ type: 'undirected', multi: true, allowSelfLoops: false });
  graph.setAttribute('creator', 'GPOS');
  graph.setAttribute('description', xmlSafe(`GPOS network ${doc.id}`));
  for (const node of doc.nodes) {
    const attributes: Record<string, string | number | boolean | null> = { kind: node.kind };
    for (const [name, value] of Object.entries(node.attributes)) {
      attributes[name === 'kind' || name === 'label' ? `attr_${name}` : name] = typeof value === 'string' ? xmlSafe(value) : value;
    }
    graph.addNode(xmlSafe(node.id), { label: xmlSafe(node.label), attributes });
  }
  doc.edges.forEach((edge, k) => graph.addEdgeWithKey(`e${k}`, xmlSafe(edge.source), xmlSafe(edge.target), { role: xmlSafe(edge.role) }));
  const xml = gexf.write(graph, {
    version: '1.2',
    formatNode: (_key, attr) => ({ label: attr.label, attributes: attr.attributes }),
    formatEdge: (_key, attr) => ({ label: attr.role, attributes: { role: attr.role } }),
  });
  // graphology-gexf 0.13 declares GEXF 1.2's viz namespace as "http:///www.gexf.net/1.1draft/viz" (an empty
  // host, and 1.1's draft): the namespace of GEXF 1.2's viz module is http://www.gexf.net/1.2draft/viz.
  // Its writer infers a type per value — `integer` for whole numbers within 32 bits, `double` for any
  // other number, a cents total past 2^31 (USD 21 million) included — and keeps the most general one:
  // each node attribute is declared with the model's type instead, as GraphML declares it (the values
  // are written the same either way).
  const declared = new Map(attributeModel(doc).map((attr) => [attr.title, attr.type]));
  return xml
    .replace(`xmlns:viz="${GEXF_WRONG_VIZ}"`, `xmlns:viz="${GEXF_VIZ}"`)
    .replace(/(<attributes class="node"[^>]*>)([\s\S]*?)(<\/attributes>)/, (_all, open: string, body: string, close: string) =>
      open + body.replace(/(<attribute id="([^"]*)" title="[^"]*" type=")([a-z]+)("\/>)/g, (attribute: string, head: string, id: string, _type: string, tail: string) => (declared.has(id) ? `${head}${declared.get(id)}${tail}` : attribute)) + close,
    );
}

const GEXF_WRONG_VIZ = 'http:///www.gexf.net/1.1draft/viz';
const GEXF_VIZ = 'http://www.gexf.net/1.2draft/viz';
