import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import restify from 'restify';
import { parse } from 'yaml';
import { z } from 'zod';
import { registerAccountApi } from '../../../services/accounts/accountApi.ts';
import { accountOperations } from '../../../services/accounts/accountSchemas.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import { FakeAccounts, TEST_TOKEN } from '../../helpers/fakeAccounts.ts';

const object = z.record(z.string(), z.unknown());
const operationSchema = z.object({
  operationId: z.string(),
  'x-idempotent': z.boolean(),
  requestBody: z.unknown().optional(),
  responses: z.record(z.string(), z.unknown()),
});
const documentSchema = z.object({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  security: z.array(object),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
  components: z.object({ securitySchemes: object }),
});
const nodeSchema = z.looseObject({
  $ref: z.string().optional(),
  properties: object.optional(),
  required: z.array(z.string()).optional(),
  items: z.unknown().optional(),
  maxLength: z.number().optional(),
  additionalProperties: z.unknown().optional(),
  unevaluatedProperties: z.unknown().optional(),
  oneOf: z.array(z.unknown()).optional(),
  anyOf: z.array(z.unknown()).optional(),
  allOf: z.array(z.unknown()).optional(),
});

describe('services/accounts/openapi.yaml', () => {
  let raw: unknown;
  let doc: z.infer<typeof documentSchema>;

  before(async () => {
    raw = parse(await readFile(new URL('../../../services/accounts/openapi.yaml', import.meta.url), 'utf8'), { uniqueKeys: true });
    doc = documentSchema.parse(raw);
  });

  /** Follows a local JSON pointer (`#/components/schemas/Actor`). */
  const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<unknown>((node, part) => object.parse(node)[part], raw);
  const jsonBody = (node: unknown): unknown => {
    const reference = z.object({ $ref: z.string() }).safeParse(node);
    const target = reference.success ? resolve(reference.data.$ref) : node;
    return z.object({ content: z.object({ 'application/json': z.object({ schema: z.unknown() }) }) }).parse(target).content['application/json'].schema;
  };

  /** A schema's shape as sorted lines: every property path, `?` when optional, closed objects and string limits. */
  const shape = (node: unknown, prefix = ''): string[] => {
    const parsed = nodeSchema.parse(node);
    const lines: string[] = [];
    const closed = (n: z.infer<typeof nodeSchema>) => n.additionalProperties === false || n.unevaluatedProperties === false;
    if (closed(parsed)) lines.push(`${prefix}(closed)`);
    if (parsed.$ref) lines.push(...shape(resolve(parsed.$ref), prefix));
    if (parsed.maxLength !== undefined) lines.push(`${prefix}(max ${parsed.maxLength})`);
    for (const child of [...(parsed.oneOf ?? []), ...(parsed.anyOf ?? []), ...(parsed.allOf ?? [])]) lines.push(...shape(child, prefix));
    for (const [name, child] of Object.entries(parsed.properties ?? {})) {
      lines.push(`${prefix}${name}${parsed.required?.includes(name) ? '' : '?'}`, ...shape(child, `${prefix}${name}.`));
    }
    if (parsed.items !== undefined) lines.push(...shape(parsed.items, `${prefix}[].`));
    return [...new Set(lines)].sort();
  };

  it('is OpenAPI 3.1 YAML with the bearer scheme on every operation', () => {
    expect(doc.components.securitySchemes).to.deep.equal({
      bearer: { type: 'http', scheme: 'bearer', description: object.parse(doc.components.securitySchemes.bearer).description },
    });
    expect(doc.security).to.deep.equal([{ bearer: [] }]);
  });

  it('documents exactly the routes registerAccountApi registers', () => {
    const server = restify.createServer();
    registerAccountApi(server, new FakeAccounts(), { token: TEST_TOKEN, logger: silentLogger });
    const registered = Object.values(server.router.getRoutes()).map((route) => `${route.method} ${String(route.path)}`);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect([...registered].sort()).to.deep.equal([...documented].sort());
  });

  it('names each operation after its port method and marks the same operations idempotent', () => {
    for (const [name, operation] of Object.entries(accountOperations)) {
      const documented = doc.paths[operation.path]?.[operation.method.toLowerCase()];
      expect(documented, operation.path).to.include({ operationId: name, 'x-idempotent': operation.idempotent });
    }
  });

  it('documents 401 and 503 for every operation, 400 for every body, all with the error schema', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const codes = method === 'post' ? ['200', '400', '401', '503'] : ['200', '401', '503'];
        expect(Object.keys(operation.responses), path).to.include.members(codes);
        for (const code of codes.slice(1)) expect(shape(jsonBody(operation.responses[code])), `${path} ${code}`).to.include('error');
      }
    }
  });

  for (const [name, operation] of Object.entries(accountOperations)) {
    it(`describes ${name}'s request and answer as the zod schemas do`, () => {
      const documented = doc.paths[operation.path]?.[operation.method.toLowerCase()];
      if (operation.request) {
        expect(shape(jsonBody(documented?.requestBody)), 'request').to.deep.equal(shape(z.toJSONSchema(operation.request, { io: 'input' })));
      } else {
        expect(documented?.requestBody).to.equal(undefined);
      }
      expect(shape(jsonBody(documented?.responses['200'])), 'answer').to.deep.equal(shape(z.toJSONSchema(operation.response, { io: 'input' })));
    });
  }
});
