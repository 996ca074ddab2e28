/** WeChat's message XML: a flat <xml> of elements, text in CDATA, numbers bare. */

export type XmlFields = Record<string, string | number>;

function cdata(text: string): string {
  // "]]>" cannot appear inside one CDATA section: split it across two.
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function buildXml(fields: XmlFields): string {
  const inner = Object.entries(fields)
    .map(([name, value]) => `<${name}>${typeof value === 'number' ? String(value) : cdata(value)}</${name}>`)
    .join('');
  return `<xml>${inner}</xml>`;
}

/** The text of the first <name> element (CDATA or plain), for tests and for reading replies; not a general parser. */
export function readXmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  if (!match) return undefined;
  const raw = match[1];
  const sections = [...raw.matchAll(/<!\[CDATA\[([\s\S]*?)]]>/g)];
  return sections.length ? sections.map((section) => section[1]).join('') : raw;
}
