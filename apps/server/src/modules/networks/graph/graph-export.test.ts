import { DOMParser } from '@xmldom/xmldom';
import GraphModule from 'graphology';
import gexf from 'graphology-gexf';
import { describe, expect, it } from 'vitest';
import { cjsDefault } from './cjs-interop.js';
import { escapeXml, toGexf, toGraphML, type NetworkExportDoc } from './graph-export.js';

const Graph = cjsDefault(GraphModule);

const NASTY = `<b>Tom & "Jerry" 'quoted'</b> > ]]>`;
const THAI = 'แก๊งคอลเซ็นเตอร์ หลอกลงทุน ฿1,200,000';

const doc: NetworkExportDoc = {
  id: 'net-1',
  nodes: [
    { id: 'r-1', kind: 'report', label: THAI, attributes: { victimCountry: 'TH', lossUsd: 1250.5, lossUsdCents: 125_050, confirmed: true, note: NASTY, cell: 0 } },
    // Cents past 2^31 (USD 21.5 million): still a whole number.
    { id: 'r-2', kind: 'report', label: 'Report "2" & co', attributes: { victimCountry: 'KH', lossUsd: null, lossUsdCents: 2_150_000_000, confirmed: false, note: 'line1\nline2\ttab\u0007bell', cell: 1 } },
    { id: 'i<1>', kind: 'indicator', label: '+66 81 234 5678', attributes: { type: 'phone', mixed: 3, label: 'shadowed' } },
    { id: 'i-2', kind: 'indicator', label: 'https://scam.example/?a=1&b=2', attributes: { type: 'url', mixed: 'three' } },
  ],
  edges: [
    { source: 'r-1', target: 'i<1>', role: 'contact' },
    { source: 'r-2', target: 'i<1>', role: 'contact' },
    { source: 'r-2', target: 'i<1>', role: 'payment' },
    { source: 'r-2', target: 'i-2', role: 'landing_page & <more>' },
  ],
};

/**
 * Parses, failing on any warning or error. xmldom forgives a bare `&`, a `<` inside an attribute and
 * control characters, so those are checked on the raw text first (a strict parser would reject them).
 */
function parseXml(xml: string): Document {
  expect(xml.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g)).toBeNull();
  expect(xml.match(/="[^"]*</g)).toBeNull();
  expect(xml.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g)).toBeNull();
  const problems: string[] = [];
  const parsed = new DOMParser({ errorHandler: (level: string, message: string) => void problems.push(`${level}: ${message}`) }).parseFromString(xml, 'application/xml');
  expect(problems).toEqual([]);
  return parsed as unknown as Document;
}

function children(parent: Document | Element, name: string): Element[] {
  return Array.from(parent.getElementsByTagName(name));
}

describe('toGraphML', () => {
  const xml = toGraphML(doc);
  const parsed = parseXml(xml);

  it('is well-formed GraphML in the GraphML namespace, keys declared before the graph', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"')).toBe(true);
    const root = parsed.documentElement;
    expect(root.namespaceURI).toBe('http://graphml.graphdrawing.org/xmlns');
    const elementNames = Array.from(root.childNodes).filter((n) => n.nodeType === 1).map((n) => (n as unknown as Element).localName);
    expect(elementNames.lastIndexOf('key')).toBeLessThan(elementNames.indexOf('graph'));
    expect(elementNames.filter((n) => n === 'graph')).toHaveLength(1);
    const graph = children(parsed, 'graph')[0]!;
    expect(graph.getAttribute('edgedefault')).toBe('undirected');
    expect(graph.getAttribute('id')).toBe('net-1');
  });

  it('declares every attribute with its type, and every data element refers to a declared key', () => {
    const keys = new Map(children(parsed, 'key').map((k) => [k.getAttribute('id')!, { name: k.getAttribute('attr.name'), type: k.getAttribute('attr.type'), for: k.getAttribute('for') }]));
    const byName = new Map([...keys.values()].map((k) => [k.name, k]));
    expect(byName.get('label')).toEqual({ name: 'label', type: 'string', for: 'node' });
    expect(byName.get('kind')?.type).toBe('string');
    expect(byName.get('lossUsd')?.type).toBe('double');
    // Whole numbers are long (cents are integers; was double here while GEXF said integer).
    expect(byName.get('lossUsdCents')?.type).toBe('long');
    expect(byName.get('cell')?.type).toBe('long');
    expect(byName.get('confirmed')?.type).toBe('boolean');
    expect(byName.get('victimCountry')?.type).toBe('string');
    // A column mixing numbers and text is declared as text; an attribute named like a reserved key is renamed.
    expect(byName.get('mixed')?.type).toBe('string');
    expect(byName.get('attr_label')?.type).toBe('string');
    expect(byName.get('role')).toEqual({ name: 'role', type: 'string', for: 'edge' });
    for (const data of children(parsed, 'data')) expect(keys.has(data.getAttribute('key')!)).toBe(true);
  });

  it('escapes markup, quotes and ampersands, keeps Thai text, and replaces characters XML cannot carry', () => {
    const nodes = children(parsed, 'node');
    expect(nodes.map((n) => n.getAttribute('id'))).toEqual(['r-1', 'r-2', 'i<1>', 'i-2']);
    const keyOf = new Map(children(parsed, 'key').map((k) => [k.getAttribute('attr.name'), k.getAttribute('id')]));
    const value = (node: Element, name: string) => children(node, 'data').find((d) => d.getAttribute('key') === keyOf.get(name))?.textContent ?? null;
    expect(value(nodes[0]!, 'label')).toBe(THAI);
    expect(xml).toContain(THAI);
    expect(value(nodes[0]!, 'note')).toBe(NASTY);
    expect(value(nodes[0]!, 'lossUsd')).toBe('1250.5');
    expect(value(nodes[1]!, 'lossUsdCents')).toBe('2150000000');
    expect(value(nodes[0]!, 'confirmed')).toBe('true');
    expect(value(nodes[1]!, 'label')).toBe('Report "2" & co');
    expect(value(nodes[1]!, 'note')).toBe('line1\nline2\ttab\uFFFDbell');
    expect(value(nodes[1]!, 'lossUsd')).toBeNull();
    expect(value(nodes[2]!, 'kind')).toBe('indicator');
    expect(value(nodes[3]!, 'label')).toBe('https://scam.example/?a=1&b=2');
    const edges = children(parsed, 'edge');
    expect(edges.map((e) => [e.getAttribute('source'), e.getAttribute('target'), e.textContent])).toEqual(doc.edges.map((e) => [e.source, e.target, e.role]));
    expect(new Set(edges.map((e) => e.getAttribute('id'))).size).toBe(4);
  });

  it('escapes attribute values so whitespace survives attribute normalisation', () => {
    expect(escapeXml(`a\tb\nc\rd<&>"'`)).toBe('a&#9;b&#10;c&#13;d&lt;&amp;&gt;&quot;&apos;');
    expect(escapeXml('\uD800x\u0000')).toBe('\uFFFDx\uFFFD');
    expect(escapeXml('😀 ไทย')).toBe('😀 ไทย');
    const odd = toGraphML({ id: 'n', nodes: [{ id: 'a\tb', kind: 'report', label: 'x', attributes: {} }], edges: [] });
    expect(children(parseXml(odd), 'node')[0]!.getAttribute('id')).toBe('a\tb');
  });

  it('writes an empty network and refuses edges to unknown or repeated nodes', () => {
    expect(children(parseXml(toGraphML({ id: 'empty', nodes: [], edges: [] })), 'graph')).toHaveLength(1);
    expect(() => toGraphML({ ...doc, edges: [{ source: 'r-1', target: 'ghost', role: 'contact' }] })).toThrow(/"ghost"/);
    expect(() => toGraphML({ ...doc, nodes: [...doc.nodes, doc.nodes[0]!] })).toThrow(/"r-1" appears twice/);
  });
});

describe('toGexf', () => {
  const xml = toGexf(doc);

  it('is GEXF 1.2 that parses back to the same graph', () => {
    parseXml(xml);
    expect(xml).toContain('<gexf version="1.2" xmlns="http://www.gexf.net/1.2draft"');
    // GEXF 1.2's viz module, not graphology-gexf's "http:///www.gexf.net/1.1draft/viz" (no host, 1.1's draft).
    expect(parseXml(xml).documentElement.getAttribute('xmlns:viz')).toBe('http://www.gexf.net/1.2draft/viz');
    const back = gexf.parse(Graph, xml);
    expect(back.order).toBe(4);
    expect(back.size).toBe(4);
    expect(back.getNodeAttribute('r-1', 'label')).toBe(THAI);
    expect(back.getNodeAttribute('r-1', 'note')).toBe(NASTY);
    expect(back.getNodeAttribute('r-1', 'kind')).toBe('report');
    expect(back.getNodeAttribute('r-1', 'lossUsd')).toBe(1250.5);
    expect(back.getNodeAttribute('r-1', 'confirmed')).toBe(true);
    expect(back.getNodeAttribute('r-2', 'note')).toBe('line1\nline2\ttab\uFFFDbell');
    expect(back.getNodeAttribute('i<1>', 'attr_label')).toBe('shadowed');
    expect(back.getNodeAttribute('i-2', 'label')).toBe('https://scam.example/?a=1&b=2');
    const roles = back.mapEdges((_edge, attr, source, target) => `${source}|${target}|${String(attr.role)}`).sort();
    expect(roles).toEqual(doc.edges.map((e) => `${e.source}|${e.target}|${e.role}`).sort());
  });

  it('declares every node attribute with the type GraphML declares, whatever the values (cents are long)', () => {
    const declared = (xmlText: string, tag: 'attribute' | 'key') =>
      new Map(children(parseXml(xmlText), tag).map((a) => (tag === 'key' ? [a.getAttribute('attr.name'), a.getAttribute('attr.type')] : [a.getAttribute('title'), a.getAttribute('type')])));
    const graphml = declared(toGraphML(doc), 'key');
    const ours = declared(xml, 'attribute');
    // graphology-gexf inferred `integer` for cell and `double` for cents past 2^31.
    expect(Object.fromEntries(ours)).toMatchObject({ lossUsd: 'double', lossUsdCents: 'long', cell: 'long', confirmed: 'boolean', victimCountry: 'string', mixed: 'string', attr_label: 'string', kind: 'string' });
    for (const [name, type] of graphml) if (name !== 'label' && name !== 'role') expect([name, ours.get(name)]).toEqual([name, type]);
    // Small cents alone are long too, not integer.
    const small = toGexf({ id: 'n', nodes: [{ id: 'r', kind: 'report', label: 'r', attributes: { lossUsdCents: 100 } }], edges: [] });
    expect(declared(small, 'attribute').get('lossUsdCents')).toBe('long');
    expect(gexf.parse(Graph, xml).getNodeAttribute('r-2', 'lossUsdCents')).toBe(2_150_000_000);
  });

  it('refuses what GraphML refuses', () => {
    expect(() => toGexf({ ...doc, edges: [{ source: 'nope', target: 'i-2', role: 'contact' }] })).toThrow(/"nope"/);
  });
});
