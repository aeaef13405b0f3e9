// Checks real answers against the OpenAPI document the Worker serves: the route is documented,
// the status is one of its documented answers, the media type is documented for that status,
// and a JSON body matches that answer's schema. Ajv compiles schemas to JavaScript with
// `new Function`, which workerd forbids: this runs in Node.
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";

// ajv-formats is CommonJS: Node's default import is its module.exports, which is the plugin itself.
const addFormats = /** @type {import("ajv-formats").FormatsPlugin} */ (/** @type {unknown} */ (ajvFormats));

/** `application/json; charset=utf-8` → `application/json`. */
const mediaType = (value) => (value ?? "").split(";")[0].trim().toLowerCase();

/** `/api/hackathons/{id}/alerts` → a RegExp for concrete paths, and how many literal segments it has. */
function pathMatcher(template) {
  const segments = template.split("/");
  const pattern = segments.map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("/");
  return { template, regex: new RegExp(`^${pattern}$`), literals: segments.filter((s) => s && !s.startsWith("{")).length };
}

/** A JSON pointer into the document, for messages and the validator cache. */
const pointer = (...parts) => `#/${parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

/**
 * @param {object} document the OpenAPI 3.1 document
 * @returns {{
 *   schemaProblems(): string[],
 *   check(method: string, path: string, answer: { status: number, contentType: string | null, text: string }): { operation: string | null, problems: string[] },
 * }}
 */
export function createDocumentCheck(document) {
  // strictSchema: an unknown keyword or format (zod's `format: "starts_with"`) is an error, not a
  // silent pass. The other strict checks are style lints that valid schemas zod writes trip over
  // (`required` with `propertyNames` for a record keyed by an enum, union types).
  const ajv = new Ajv2020({
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allErrors: true,
  });
  addFormats(ajv);
  const matchers = Object.keys(document.paths).map(pathMatcher);
  const validators = new Map();

  /** The schema itself, a top-level `$ref` to components followed (zod writes no others). */
  const resolve = (schema) => {
    const ref = schema?.$ref;
    if (typeof ref !== "string") return schema;
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], document);
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return target;
  };
  const validatorFor = (where, schema) => {
    if (!validators.has(where)) validators.set(where, ajv.compile(resolve(schema)));
    return validators.get(where);
  };

  /** Every schema the document holds (request bodies, parameters, answers), each compiled once. */
  function* allSchemas() {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [i, parameter] of (op.parameters ?? []).entries())
          yield [pointer("paths", path, method, "parameters", i, "schema"), parameter.schema];
        for (const [type, content] of Object.entries(op.requestBody?.content ?? {}))
          yield [pointer("paths", path, method, "requestBody", "content", type, "schema"), content.schema];
        for (const [status, answer] of Object.entries(op.responses ?? {})) {
          for (const [type, content] of Object.entries(answer.content ?? {}))
            yield [pointer("paths", path, method, "responses", status, "content", type, "schema"), content.schema];
        }
      }
    }
  }

  return {
    schemaProblems() {
      const problems = [];
      for (const [where, schema] of allSchemas()) {
        try {
          validatorFor(where, schema);
        } catch (error) {
          problems.push(`${where}: ${error.message}`);
        }
      }
      return problems;
    },

    check(method, path, answer) {
      const candidates = matchers.filter((m) => m.regex.test(path) && document.paths[m.template][method.toLowerCase()]);
      if (candidates.length === 0) return { operation: null, problems: [`${method} ${path} matches no documented operation`] };
      // `/status/assets/status.js` is its own route, not `/status/{id}/...`: the most literal template wins.
      const { template } = candidates.sort((a, b) => b.literals - a.literals)[0];
      const operation = `${method.toUpperCase()} ${template}`;
      const documented = document.paths[template][method.toLowerCase()].responses[String(answer.status)];
      if (!documented) return { operation, problems: [`${operation} answered ${answer.status}, which the document does not list`] };
      const content = documented.content ?? {};
      const types = Object.keys(content);
      if (types.length === 0) {
        return {
          operation,
          problems:
            answer.text.length > 0 ? [`${operation} ${answer.status} is documented without a body, got ${answer.text.length} bytes`] : [],
        };
      }
      const actualType = mediaType(answer.contentType);
      const type = types.find((t) => mediaType(t) === actualType);
      if (!type)
        return { operation, problems: [`${operation} ${answer.status} answered ${answer.contentType}; documented: ${types.join(", ")}`] };
      if (actualType !== "application/json") return { operation, problems: [] };
      let body;
      try {
        body = JSON.parse(answer.text);
      } catch {
        return { operation, problems: [`${operation} ${answer.status}: the body is not JSON: ${answer.text.slice(0, 200)}`] };
      }
      const where = pointer("paths", template, method.toLowerCase(), "responses", answer.status, "content", type, "schema");
      let validate;
      try {
        validate = validatorFor(where, content[type].schema);
      } catch (error) {
        return { operation, problems: [`${operation} ${answer.status}: its schema does not compile: ${error.message}`] };
      }
      if (validate(body)) return { operation, problems: [] };
      const errors = validate.errors
        .slice(0, 5)
        .map((e) => `${e.instancePath || "(body)"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
      return { operation, problems: [`${operation} ${answer.status} does not match its schema: ${errors.join("; ")}`] };
    },
  };
}
