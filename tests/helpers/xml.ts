/**
 * A small well-formedness check for the XML we emit (SVG, Atom): tags nest and close, attributes
 * are quoted, and `&` only starts a known entity or a character reference. workerd has no DOMParser.
 * Returns the element names in document order.
 */
export function assertWellFormedXml(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const names: string[] = [];
  const TOKEN =
    /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let roots = 0;
  for (const match of body.matchAll(TOKEN)) {
    const [whole, closing, name, , selfClosing] = match;
    if (whole === "<") throw new Error(`stray '<' at ${match.index}: ${body.slice(match.index, match.index + 40)}`);
    if (whole.startsWith("&")) throw new Error(`bare '&' at ${match.index}: ${body.slice(match.index, match.index + 40)}`);
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    if (stack.length === 0) roots++;
    names.push(name!);
    if (!selfClosing) stack.push(name!);
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  return names;
}
