/** Characters XML 1.0 cannot carry at all, even as references, and lone surrogates. */
const UNREPRESENTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's whole job.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML, SVG and Atom, in element content and quoted attributes alike. */
export function escapeMarkup(value: string | number): string {
  return String(value)
    .replace(UNREPRESENTABLE, "")
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A template tag that escapes every interpolated value unless it is already-rendered markup. */
export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Interpolated = string | number | Markup | Markup[];

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const rendered = Array.isArray(value) ? value.map((v) => v.html).join("") : value instanceof Markup ? value.html : escapeMarkup(value);
    out += rendered + strings[i + 1]!;
  });
  return new Markup(out);
}
